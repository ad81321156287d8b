package com.example;

import dev.concurrency.sync.LockOrderException;
import dev.concurrency.sync.LockOrdering;
import dev.concurrency.sync.Mutex;

/**
 * Deadlock prevention, in a project that holds a copy of sync-primitives: locks ranked once, and taking them
 * against their order fails at once, naming both, instead of deadlocking some day.
 */
public final class Example {

  private Example() {}

  public static void main(String[] args) {
    LockOrdering ordering = LockOrdering.create();
    Mutex accounts = ordering.newMutex("accounts", 10);
    Mutex audit = ordering.newMutex("audit", 20);

    accounts.lock(); // rank 10, then rank 20: the agreed order
    try {
      audit.lock();
      audit.unlock();
    } finally {
      accounts.unlock();
    }
    System.out.println("accounts, then audit: fine");

    audit.lock(); // rank 20, then rank 10: the order that can deadlock
    try {
      accounts.lock();
      accounts.unlock();
      System.out.println("audit, then accounts: taken (this should not happen)");
    } catch (LockOrderException e) {
      System.out.println("audit, then accounts: refused");
    } finally {
      audit.unlock();
    }
  }
}
