package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class RendezvousTest {

  private static final long LIMIT_S = 10;

  private static CompletableFuture<Optional<SocketChannel>> acceptInBackground(Rendezvous rendezvous) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return rendezvous.accept();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static Path socketOf(Rendezvous rendezvous) {
    return Path.of(rendezvous.ticket().path());
  }

  @Test
  void connectWithTheTicket_accepted_bothDirectionsCarry_filesRemoved() throws Exception {
    Rendezvous rendezvous = Rendezvous.open();
    Path socket = socketOf(rendezvous);
    assertThat(socket).exists();
    CompletableFuture<Optional<SocketChannel>> accepted = acceptInBackground(rendezvous);

    try (SocketChannel child = Rendezvous.connect(rendezvous.ticket());
        SocketChannel parent = accepted.get(LIMIT_S, TimeUnit.SECONDS).orElseThrow()) {
      child.write(ByteBuffer.wrap(new byte[] {42}));
      ByteBuffer one = ByteBuffer.allocate(1);
      parent.read(one);
      assertThat(one.get(0)).isEqualTo((byte) 42);
      parent.write(ByteBuffer.wrap(new byte[] {7}));
      one.clear();
      child.read(one);
      assertThat(one.get(0)).isEqualTo((byte) 7);
    }
    assertThat(socket).doesNotExist();
    assertThat(socket.getParent()).as("the private directory is gone once the peer is in").doesNotExist();
  }

  @Test
  void directory_onlyThisUserMayEnter() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    try (Rendezvous rendezvous = Rendezvous.open()) {
      Path directory = socketOf(rendezvous).getParent();

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
      assertThat(directory.getFileName().toString())
          .startsWith(Rendezvous.DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-");
    }
  }

  @Test
  void strangerWithAWrongToken_refused_theRealPeerStillAccepted() throws Exception {
    Rendezvous rendezvous = Rendezvous.open();
    CompletableFuture<Optional<SocketChannel>> accepted = acceptInBackground(rendezvous);
    Rendezvous.Ticket forged = new Rendezvous.Ticket(rendezvous.ticket().path(), "00".repeat(Rendezvous.TOKEN_BYTES));

    try (SocketChannel stranger = Rendezvous.connect(forged)) {
      ByteBuffer answer = ByteBuffer.allocate(1);
      assertThat(stranger.read(answer)).as("the stranger is closed on").isEqualTo(-1);
    }
    assertThat(accepted).isNotDone();
    try (SocketChannel peer = Rendezvous.connect(rendezvous.ticket());
        SocketChannel parent = accepted.get(LIMIT_S, TimeUnit.SECONDS).orElseThrow()) {
      assertThat(parent.isConnected()).isTrue();
      assertThat(peer.isConnected()).isTrue();
    }
  }

  @Test
  void abandon_releasesAWaitingAccept_withNothing_andRemovesTheFiles() throws Exception {
    Rendezvous rendezvous = Rendezvous.open();
    Path socket = socketOf(rendezvous);
    CompletableFuture<Optional<SocketChannel>> accepted = acceptInBackground(rendezvous);

    rendezvous.abandon();

    assertThat(accepted.get(LIMIT_S, TimeUnit.SECONDS)).isEmpty();
    assertThat(socket).doesNotExist();
    assertThatThrownBy(() -> Rendezvous.connect(rendezvous.ticket())).isInstanceOf(IOException.class);
  }

  @Test
  void abandon_afterThePeerConnected_thePeerIsStillAccepted() throws Exception {
    Rendezvous rendezvous = Rendezvous.open();
    try (SocketChannel peer = Rendezvous.connect(rendezvous.ticket())) {
      rendezvous.abandon(); // the peer is ahead of the wake-up call in the listener's queue

      Optional<SocketChannel> accepted = rendezvous.accept();

      assertThat(accepted).isPresent();
      assertThat(peer.isConnected()).isTrue();
      accepted.get().close();
    }
  }

  @Test
  void abandon_whileAStrangerStallsWithoutAToken_releasesAccept() throws Exception {
    Rendezvous rendezvous = Rendezvous.open();
    CompletableFuture<Optional<SocketChannel>> accepted = acceptInBackground(rendezvous);
    try (SocketChannel stranger = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      stranger.connect(UnixDomainSocketAddress.of(rendezvous.ticket().path()));
      stranger.write(ByteBuffer.wrap(new byte[] {1, 2, 3})); // part of a token, then nothing

      rendezvous.abandon();

      assertThat(accepted.get(LIMIT_S, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @Test
  void close_isIdempotent_andAcceptAfterItReturnsNothing() throws Exception {
    Rendezvous rendezvous = Rendezvous.open();
    rendezvous.close();
    rendezvous.close();
    rendezvous.abandon();

    assertThat(rendezvous.accept()).isEmpty();
  }

  @Test
  void ticket_toStringHidesTheToken_andTokensDifferPerRendezvous() throws Exception {
    try (Rendezvous first = Rendezvous.open();
        Rendezvous second = Rendezvous.open()) {
      assertThat(first.ticket().toString()).doesNotContain(first.ticket().token()).contains(first.ticket().path());
      assertThat(first.ticket().token()).hasSize(2 * Rendezvous.TOKEN_BYTES).isNotEqualTo(second.ticket().token());
      assertThat(first.ticket().path()).isNotEqualTo(second.ticket().path());
    }
  }

  @Test
  void sweep_removesTheDirectoriesOfDeadJvms_keepsThoseOfLiveOnes() throws Exception {
    Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-version")
        .redirectErrorStream(true)
        .start();
    gone.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    gone.waitFor();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path dead = Files.createDirectory(tmp.resolve(Rendezvous.DIRECTORY_PREFIX + gone.pid() + "-0123456789abcdef"));
    Files.createFile(dead.resolve("s"));
    Path alive = Files.createDirectory(tmp.resolve(Rendezvous.DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-fedcba9876543210"));
    try {
      Rendezvous.sweepLeftovers();

      assertThat(dead).doesNotExist();
      assertThat(alive).exists();
    } finally {
      Files.deleteIfExists(dead.resolve("s"));
      Files.deleteIfExists(dead);
      Files.deleteIfExists(alive);
    }
  }
}
