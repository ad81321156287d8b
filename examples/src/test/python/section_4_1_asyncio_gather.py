"""Reference program for seed section 4.1, written for this project: two coroutines gathered on one event loop.

The Java port is examples/.../asyncio/Asyncio01Seed.java; Asyncio01SeedTest runs both and compares their lines.
Expected: both tasks start at once, task 1 ends after about 1 s, task 2 after about 2 s; 2 s in all, not 3.
"""
import asyncio


async def task1():
    print("Task 1 started")
    await asyncio.sleep(1)  # gives the loop back for 1 s
    print("Task 1 completed")


async def task2():
    print("Task 2 started")
    await asyncio.sleep(2)  # gives the loop back for 2 s
    print("Task 2 completed")


async def main():
    # gather schedules both coroutines as tasks and waits for both
    await asyncio.gather(task1(), task2())


if __name__ == "__main__":
    asyncio.run(main())
