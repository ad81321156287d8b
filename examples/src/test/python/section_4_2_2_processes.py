"""Reference program for seed section 4.2.2, written for this project: two child processes started, then joined.

The Java port is examples/.../multiprocessing/Multiprocessing01Seed.java; Multiprocessing01SeedTest runs both and
compares their lines. Each child prints "started" before "completed"; the order between the children is the
operating system's.
"""
import multiprocessing


def task1():
    print("Task 1 started")
    # task 1's work would go here, in a process of its own
    print("Task 1 completed")


def task2():
    print("Task 2 started")
    # task 2's work would go here, in a process of its own
    print("Task 2 completed")


if __name__ == "__main__":
    processes = [multiprocessing.Process(target=task1), multiprocessing.Process(target=task2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
