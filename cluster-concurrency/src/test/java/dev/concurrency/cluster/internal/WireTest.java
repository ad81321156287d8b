package dev.concurrency.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.cluster.forbidden.Parcel;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

final class WireTest {

  // data that crosses the wire comes back equal
  @Property(tries = 200)
  void roundTrip_anyValues_comeBackEqual(
      @ForAll List<String> strings, @ForAll Map<Integer, Long> numbers, @ForAll double real, @ForAll byte[] bytes)
      throws Exception {
    ArrayList<Object> value = new ArrayList<>(List.of(new ArrayList<>(strings), new HashMap<>(numbers), real, bytes));

    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) Wire.read(Wire.write(value), List.of());

    assertThat(back.subList(0, 3)).isEqualTo(value.subList(0, 3));
    assertThat((byte[]) back.get(3)).isEqualTo(bytes);
  }

  @Test
  void roundTrip_null_isNull() throws Exception {
    assertThat(Wire.read(Wire.write(null), List.of())).isNull();
  }

  @Test
  void read_classNotAllowed_refusedByNameBeforeLoading() throws Exception {
    byte[] bytes = Wire.write(List.of(new Parcel("x")));

    assertThatThrownBy(() -> Wire.read(bytes, List.of()))
        .isInstanceOfSatisfying(Wire.Refused.class, refused -> assertThat(refused.className()).isEqualTo(Parcel.class.getName()));
    assertThat(Wire.read(bytes, List.of("dev.concurrency.cluster.forbidden.*"))).isEqualTo(List.of(new Parcel("x")));
  }

  @Test
  void read_javaClassesAndArrays_alwaysAllowed() throws Exception {
    Object[] value = {BigDecimal.TEN, new int[] {1, 2}, "s"};

    Object[] back = (Object[]) Wire.read(Wire.write(value), List.of());

    assertThat(back[0]).isEqualTo(BigDecimal.TEN);
    assertThat((int[]) back[1]).containsExactly(1, 2);
  }

  @Test
  void write_notSerializable_throws() {
    assertThatThrownBy(() -> Wire.write(new Object())).isInstanceOf(NotSerializableException.class);
  }

  @Test
  void read_proxyWithInterfaceNotAllowed_refused() throws Exception {
    Runnable proxy =
        (Runnable)
            java.lang.reflect.Proxy.newProxyInstance(
                WireTest.class.getClassLoader(), new Class<?>[] {Runnable.class, Parcel.Marker.class}, new Handler());
    byte[] bytes = Wire.write(proxy);

    assertThatThrownBy(() -> Wire.read(bytes, List.of())).isInstanceOf(Wire.Refused.class);
  }

  static final class Handler implements java.lang.reflect.InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
      return null;
    }
  }
}
