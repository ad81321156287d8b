package dev.concurrency.sync;

import static java.util.Objects.requireNonNull;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;

/**
 * The serialized form of every lock and semaphore here (Effective Java's serialization proxy): what kind it
 * is, its fairness, and for a semaphore its free permits and bound. Reading it makes a new lock, unlocked, with
 * nobody waiting, as {@code ReentrantLock} and {@code Semaphore} come back; their state is never read from the
 * stream, so a forged stream cannot make a lock that is already held.
 *
 * @param kind which class to make
 * @param fair whether it is fair
 * @param permits a semaphore's free permits (0 for locks)
 * @param bound a semaphore's bound ({@link Integer#MAX_VALUE} when unbounded; 0 for locks)
 */
record SerializedLock(Kind kind, boolean fair, int permits, int bound) implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Checks the parts, also when read from a stream. */
  SerializedLock {
    requireNonNull(kind, "kind");
    boolean semaphore = kind == Kind.COUNTING_SEMAPHORE || kind == Kind.BOUNDED_SEMAPHORE;
    if (semaphore ? permits < 0 || permits > bound : permits != 0 || bound != 0) {
      throw new IllegalArgumentException(
          "not a serialized " + kind + ": permits " + permits + ", bound " + bound);
    }
  }

  /** The classes that serialize through this form. */
  enum Kind {
    MUTEX,
    REENTRANT_MUTEX,
    OWNERLESS_LOCK,
    COUNTING_SEMAPHORE,
    BOUNDED_SEMAPHORE,
    READ_WRITE_MUTEX
  }

  static SerializedLock of(AbstractMutex lock) throws NotSerializableException {
    if (lock.node != null) {
      throw tracked(lock.name());
    }
    Kind kind =
        switch (lock) {
          case Mutex ignored -> Kind.MUTEX;
          case ReentrantMutex ignored -> Kind.REENTRANT_MUTEX;
          case OwnerlessLock ignored -> Kind.OWNERLESS_LOCK;
        };
    return new SerializedLock(kind, lock.isFair(), 0, 0);
  }

  static SerializedLock of(CountingSemaphore semaphore) throws NotSerializableException {
    if (semaphore.isTracked()) {
      throw tracked(semaphore.name());
    }
    Kind kind = semaphore instanceof BoundedSemaphore ? Kind.BOUNDED_SEMAPHORE : Kind.COUNTING_SEMAPHORE;
    return new SerializedLock(kind, semaphore.isFair(), semaphore.availablePermits(), semaphore.boundOrMax());
  }

  static SerializedLock of(ReadWriteMutex lock) throws NotSerializableException {
    if (lock.isTracked()) {
      throw tracked(lock.name());
    }
    return new SerializedLock(Kind.READ_WRITE_MUTEX, lock.isFair(), 0, 0);
  }

  private static NotSerializableException tracked(String name) {
    return new NotSerializableException(
        "'"
            + name
            + "' was made by a DeadlockDetector or LockOrdering, whose graphs do not travel with it;"
            + " serialize an untracked lock and track it again on the other side");
  }

  @Serial
  private Object readResolve() throws ObjectStreamException {
    Fairness fairness = fair ? Fairness.FAIR : Fairness.BARGING;
    return switch (kind) {
      case MUTEX -> Mutex.create(fairness);
      case REENTRANT_MUTEX -> ReentrantMutex.create(fairness);
      case OWNERLESS_LOCK -> OwnerlessLock.create(fairness);
      case COUNTING_SEMAPHORE -> CountingSemaphore.create(permits, fairness);
      case BOUNDED_SEMAPHORE -> new BoundedSemaphore(permits, bound, fairness, null);
      case READ_WRITE_MUTEX -> ReadWriteMutex.create(fairness);
    };
  }
}
