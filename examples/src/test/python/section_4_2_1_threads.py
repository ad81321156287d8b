"""Reference program for seed section 4.2.1, written for this project: two threads started, then joined.

The Java port is examples/.../threading/Threading01Seed.java; Threading01SeedTest runs both and compares their
lines. Each task prints "started" before "completed"; the order between the two tasks is the scheduler's.
"""
import threading


def task1():
    print("Task 1 started")
    # task 1's work would go here
    print("Task 1 completed")


def task2():
    print("Task 2 started")
    # task 2's work would go here
    print("Task 2 completed")


if __name__ == "__main__":
    threads = [threading.Thread(target=task1), threading.Thread(target=task2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
