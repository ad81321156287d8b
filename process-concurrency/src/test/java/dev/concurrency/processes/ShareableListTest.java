package dev.concurrency.processes;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class ShareableListTest {

  private final List<SharedMemory> segments = new ArrayList<>();

  private ShareableList track(ShareableList list) {
    segments.add(list.shm());
    return list;
  }

  @AfterEach
  void unlink() throws IOException {
    for (SharedMemory segment : segments) {
      try {
        segment.unlink();
      } catch (NoSuchFileException e) {
        // the test unlinked it
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_ShareableList_basics
  @Test
  void basics_itemsFormatsSlotsCopiesAndAttaching() throws IOException {
    byte[] howdyBytes = "HoWdY".getBytes(US_ASCII);
    ShareableList sl = track(ShareableList.create(Arrays.asList("howdy", howdyBytes, -273.154, 100, null, true, 42)));

    assertThat(sl.toString()).contains(sl.shm().name());
    assertThatThrownBy(() -> sl.get(7)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> sl.set(7, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    sl.set(0, "howdy");
    assertThat(sl.format()).isEqualTo("8s8sdqxxxxxx?xxxxxxxx?q");
    assertThat(sl).hasSize(7);
    assertThat(sl.indexOf("100")).as("Python raises ValueError; here -1").isEqualTo(-1);
    assertThat(sl.indexOf(100)).isEqualTo(3);
    assertThat(sl.get(0)).isEqualTo("howdy");
    assertThat(sl.get(sl.size() - 2)).isEqualTo(true);
    List<Object> all = new ArrayList<>(sl);
    assertThat(all.get(1)).isEqualTo(howdyBytes);
    assertThat(all).element(2).isEqualTo(-273.154);
    assertThat(all.subList(3, 7)).containsExactly(100L, null, true, 42L);

    sl.set(3, 42);
    assertThat(sl.get(3)).isEqualTo(42L);
    sl.set(4, "some");
    assertThat(sl.get(4)).isEqualTo("some");
    assertThat(sl.format()).isEqualTo("8s8sdq8sxxxxxxx?q");
    assertThatThrownBy(() -> sl.set(4, "far too many")).hasMessageContaining("exceeds available storage");
    assertThat(sl.get(4)).isEqualTo("some");
    sl.set(0, "encodés"); // exactly 8 bytes of UTF-8
    assertThat(sl.get(0)).isEqualTo("encodés");
    assertThat(sl.get(1)).isEqualTo(howdyBytes);
    assertThatThrownBy(() -> sl.set(0, "encodées")).hasMessageContaining("exceeds available storage");
    assertThat(sl.get(1)).isEqualTo(howdyBytes);
    assertThatThrownBy(() -> sl.set(1, "123456789".getBytes(US_ASCII))).hasMessageContaining("exceeds available storage");
    assertThat(sl.get(1)).isEqualTo(howdyBytes);

    assertThat(sl.count(42)).isEqualTo(2);
    assertThat(sl.count(howdyBytes)).isEqualTo(1);
    assertThat(sl.count("adios".getBytes(US_ASCII))).isZero();

    String duplicateName = "test03_duplicate" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    ShareableList copy = track(ShareableList.create(sl, duplicateName));
    assertThat(copy.shm().name()).isEqualTo(duplicateName).isNotEqualTo(sl.shm().name());
    assertThat(copy.toString().replace(copy.shm().name(), "")).isEqualTo(sl.toString().replace(sl.shm().name(), ""));
    assertThat(copy.format()).isEqualTo(sl.format());
    copy.set(copy.size() - 1, 77);
    assertThat(copy.get(copy.size() - 1)).isEqualTo(77L);
    assertThat(sl.get(sl.size() - 1)).isNotEqualTo(77L);

    ShareableList tethered = ShareableList.attach(sl.shm().name());
    tethered.set(tethered.size() - 1, 880);
    assertThat(sl.get(sl.size() - 1)).isEqualTo(880L);
    tethered.shm().close();

    ShareableList empty = track(ShareableList.create(List.of()));
    assertThat(empty).isEmpty();
    assertThat(empty.format()).isEmpty();
    assertThat(empty.count("any")).isZero();
    assertThat(empty.indexOf(null)).isEqualTo(-1);
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_ShareableList_pickling
  @Test
  void serializedCopy_isTheSameList_andItsFormIsTheName() throws Exception {
    ShareableList sl = track(ShareableList.create(IntStream.range(0, 10).boxed().toList()));
    byte[] serialized = SerializedCopy.serialize(sl);
    ShareableList copy = (ShareableList) SerializedCopy.deserialize(serialized);

    assertThat(copy.get(9)).isEqualTo(9L);
    assertThat(copy).isNotSameAs(sl);
    copy.set(4, "changed");
    assertThat(sl.get(4)).isEqualTo("changed");
    sl.set(3, "newvalue");
    assertThat(copy.get(3)).isEqualTo("newvalue");

    ShareableList larger = track(ShareableList.create(IntStream.range(0, 400).boxed().toList()));
    assertThat(SerializedCopy.serialize(larger)).as("only the name travels").hasSameSizeAs(serialized);
  }

  // CPython: _test_multiprocessing.py _TestSharedMemory.test_shared_memory_ShareableList_pickling_dead_object
  @Test
  void deserializedAfterUnlink_noSuchFile() throws Exception {
    ShareableList sl = ShareableList.create(IntStream.range(0, 10).boxed().toList());
    byte[] serialized = SerializedCopy.serialize(sl);
    sl.shm().close();
    sl.shm().unlink();

    assertThatThrownBy(() -> SerializedCopy.deserialize(serialized)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void unsupportedItem_refusedNamingTheTypes() {
    assertThatThrownBy(() -> ShareableList.create(List.of(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("byte arrays and null");
  }
}
