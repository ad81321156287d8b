package dev.concurrency.processes.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One end of a connection as this process sees it: not yet used, listening for the other end, connected, or
 * told that the other end is gone; and closed.
 *
 * <p>Sending never waits for the other end to show up, up to {@link #PENDING_LIMIT} bytes: while this end
 * listens, messages wait in memory and a background thread writes them when the other end connects, as a kernel
 * pipe holds what was written before anybody reads. Closing a listening end that still holds messages leaves
 * that thread to deliver them, then close.
 *
 * <p>Thread-safe. Sends are serialized by {@code sendLock} (the background flush takes it too, so pending
 * messages go before any later one); the state is guarded by {@code lock}, which is never held while waiting.
 */
public final class PipeEnd {

  /** How many bytes of messages an end holds while the other end has not connected yet. */
  public static final int PENDING_LIMIT = 1 << 20;

  /** The states of an end in this process. */
  public enum Phase {
    /** Not used here yet. */
    NEW,
    /** Used here first: waiting for the other end to connect. */
    LISTENING,
    /** Connected to the other end. */
    CONNECTED,
    /** The other end was closed before it was used: end of file. */
    PEER_CLOSED,
    /** Closed here. */
    CLOSED
  }

  private final @Nullable PipeRendezvous rendezvous;

  private final Object lock = new Object();

  private final ReentrantLock sendLock = new ReentrantLock();

  @GuardedBy("lock")
  private Phase phase;

  @GuardedBy("lock")
  private @Nullable MessageChannel channel;

  @GuardedBy("lock")
  private @Nullable Rendezvous server;

  /** Messages sent while listening, each as it goes on the wire (length and bytes). */
  @GuardedBy("lock")
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  @GuardedBy("lock")
  private boolean closeWhenFlushed;

  /** Whether this end was serialized here: then its close here is this process letting go, not the end's close. */
  @GuardedBy("lock")
  private boolean sent;

  /** Completed when the end leaves {@link Phase#LISTENING} (or never enters it): connected, peer gone, closed. */
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  /** Selectors of {@code waitAny} calls waiting for {@link #settled}. */
  private final Wakeups wakeups = new Wakeups();

  /** The failure of the background accept, if it failed. */
  private volatile @Nullable IOException acceptFailure;

  private PipeEnd(@Nullable PipeRendezvous rendezvous, Phase phase, @Nullable MessageChannel channel) {
    this.rendezvous = rendezvous;
    this.phase = phase;
    this.channel = channel;
    settled.whenComplete((ignored, failure) -> wakeups.wakeAll());
    if (phase != Phase.NEW) {
      settled.complete(null);
    }
  }

  /** An end that meets its other end through {@code rendezvous} on first use. */
  public static PipeEnd unopened(PipeRendezvous rendezvous) {
    return new PipeEnd(requireNonNull(rendezvous, "rendezvous"), Phase.NEW, null);
  }

  /**
   * An end that is connected already (a listener's accepted connection, a client's).
   *
   * @throws IOException if the socket's mode cannot be set
   */
  public static PipeEnd connected(SocketChannel socket) throws IOException {
    return new PipeEnd(null, Phase.CONNECTED, new MessageChannel(socket));
  }

  /** The state now. */
  public Phase phase() {
    synchronized (lock) {
      return phase;
    }
  }

  /**
   * Records that this end is being serialized to another process; refused once it is in use here.
   *
   * @throws IllegalStateException if it is in use or closed here
   */
  public void markSent() {
    synchronized (lock) {
      if (phase != Phase.NEW) {
        throw new IllegalStateException(
            "this end is already " + (phase == Phase.CLOSED ? "closed" : "in use") + " here; send an end to another"
                + " process before using it");
      }
      sent = true;
    }
  }

  /**
   * Starts using the end here if it is new: connects or listens.
   *
   * @throws IOException if the rendezvous fails, or the end is closed
   */
  public void open() throws IOException {
    synchronized (lock) {
      if (phase == Phase.CLOSED) {
        throw closed();
      }
      if (phase != Phase.NEW) {
        return;
      }
      PipeRendezvous.Opened opened = requireNonNull(rendezvous).open();
      switch (opened) {
        case PipeRendezvous.Connected connected -> {
          channel = new MessageChannel(connected.channel());
          phase = Phase.CONNECTED;
          settled.complete(null);
        }
        case PipeRendezvous.PeerClosed peerClosed -> {
          phase = Phase.PEER_CLOSED;
          settled.complete(null);
        }
        case PipeRendezvous.Listening listening -> {
          server = listening.rendezvous();
          phase = Phase.LISTENING;
          Thread.ofVirtual().name("pipe-accept").start(() -> acceptPeer(listening.rendezvous()));
        }
      }
    }
  }

  private void acceptPeer(Rendezvous listening) {
    SocketChannel socket;
    try {
      socket = requireNonNull(rendezvous).acceptPeer(listening);
    } catch (ClosedChannelException e) {
      settled.complete(null); // closed here before the other end came
      return;
    } catch (IOException | RuntimeException e) {
      acceptFailure = e instanceof IOException io ? io : new IOException(e);
      synchronized (lock) {
        phase = Phase.PEER_CLOSED;
      }
      settled.complete(null);
      return;
    }
    sendLock.lock(); // messages sent while listening go first
    try {
      MessageChannel connected = new MessageChannel(socket);
      byte[] backlog;
      boolean closeAfter;
      synchronized (lock) {
        channel = connected;
        server = null;
        closeAfter = closeWhenFlushed;
        phase = closeAfter ? Phase.CLOSED : Phase.CONNECTED;
        backlog = pending.toByteArray();
        pending.reset();
      }
      settled.complete(null);
      connected.sendRaw(ByteBuffer.wrap(backlog));
      if (closeAfter) {
        connected.close();
      }
    } catch (IOException e) {
      acceptFailure = e; // the other end went away again; its sends see the channel broken
    } finally {
      sendLock.unlock();
    }
  }

  /**
   * Sends one message, holding it in memory while the other end has not connected.
   *
   * @throws IOException if the end is closed, the other end is gone, or the socket fails
   * @throws InterruptedIOException if interrupted while waiting for the other end
   */
  public void send(ByteBuffer message) throws IOException {
    open();
    while (true) {
      sendLock.lock();
      try {
        MessageChannel connected;
        synchronized (lock) {
          switch (phase) {
            case CLOSED -> throw closed();
            case PEER_CLOSED -> throw brokenPipe();
            case LISTENING -> {
              if (pending.size() + Integer.BYTES + message.remaining() <= PENDING_LIMIT) {
                byte[] bytes = new byte[Integer.BYTES + message.remaining()];
                ByteBuffer.wrap(bytes).putInt(message.remaining()).put(message);
                pending.write(bytes, 0, bytes.length);
                return;
              }
              connected = null; // no room: wait for the other end, outside the locks
            }
            default -> connected = requireNonNull(channel);
          }
        }
        if (connected != null) {
          connected.send(message);
          return;
        }
      } finally {
        sendLock.unlock();
      }
      awaitSettled(Long.MAX_VALUE);
    }
  }

  /**
   * The connected channel, waiting for the other end until {@code deadline} ({@link System#nanoTime()}).
   *
   * @return the channel; or null if the other end is gone (end of file), or if the deadline passed first
   * @throws IOException if the end is closed here
   */
  public @Nullable MessageChannel channel(long deadline) throws IOException {
    open();
    while (true) {
      synchronized (lock) {
        switch (phase) {
          case CLOSED -> throw closed();
          case PEER_CLOSED -> {
            return null;
          }
          case CONNECTED -> {
            return requireNonNull(channel);
          }
          default -> {
            // listening: wait below
          }
        }
      }
      if (!awaitSettled(deadline)) {
        return null;
      }
    }
  }

  /** Whether the other end is known to be gone (end of file without a connection). */
  public boolean peerClosed() {
    synchronized (lock) {
      return phase == Phase.PEER_CLOSED;
    }
  }

  /** Completed once the end is connected, the other end gone, or this end closed; for waiting on several ends. */
  public CompletableFuture<Void> settled() {
    return settled;
  }

  /** The selectors to wake when the end settles, for {@code waitAny}. */
  public Wakeups wakeups() {
    return wakeups;
  }

  private boolean awaitSettled(long deadline) throws IOException {
    try {
      if (deadline == Long.MAX_VALUE) {
        settled.get();
      } else {
        settled.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the other end of the pipe");
    } catch (ExecutionException e) {
      throw new IllegalStateException("the settled future never fails", e);
    }
  }

  /**
   * Closes this end here. A new end that was sent to another process is only let go of (that process's copy is
   * the end now); one that never was tells the other end, which reads end of file. A listening end with messages
   * still to deliver leaves that to its background thread. Idempotent.
   */
  public void close() throws IOException {
    List<AutoCloseable> toClose = new ArrayList<>();
    boolean wasNewAndKept;
    synchronized (lock) {
      Phase was = phase;
      if (was == Phase.CLOSED) {
        return;
      }
      phase = Phase.CLOSED;
      wasNewAndKept = was == Phase.NEW && !sent;
      if (was == Phase.LISTENING) {
        if (pending.size() > 0) {
          closeWhenFlushed = true; // the accept thread delivers, then closes
          return;
        }
        Rendezvous listening = requireNonNull(server);
        toClose.add(() -> requireNonNull(rendezvous).abandonListening(listening));
      } else if (channel != null) {
        toClose.add(channel);
      }
    }
    settled.complete(null);
    if (wasNewAndKept) {
      requireNonNull(rendezvous).closeUnopened();
    }
    for (AutoCloseable closeable : toClose) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        throw e instanceof IOException io ? io : new IOException(e);
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  /** The failure of the background rendezvous, if any, to explain a broken pipe. */
  public @Nullable IOException acceptFailure() {
    return acceptFailure;
  }

  private static IOException closed() {
    return new IOException("the connection is closed (Python: OSError: handle is closed)");
  }

  private IOException brokenPipe() {
    IOException broken = new IOException("broken pipe: the other end of the pipe was closed");
    IOException cause = acceptFailure;
    if (cause != null) {
      broken.initCause(cause);
    }
    return broken;
  }
}
