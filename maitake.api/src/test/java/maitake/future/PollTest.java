package maitake.future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PollTest {

  @Test
  void pendingIsOneSharedConstantWithoutValue() {
    Poll<String> p = Poll.pending();
    assertSame(p, Poll.<Integer>pending());
    assertTrue(p.isPending());
    assertFalse(p.isReady());
    assertThrows(NoSuchElementException.class, p::value);
  }

  @Test
  void readyOfNullAndBooleansIsCachedAndOtherValuesAreNot() {
    assertSame(Poll.ready(null), Poll.readyNull());
    assertSame(Poll.ready(true), Poll.ready(Boolean.TRUE));
    assertSame(Poll.ready(false), Poll.ready(Boolean.FALSE));
    assertNull(Poll.ready(null).value());
    assertEquals("x", Poll.ready("x").value());
    assertTrue(Poll.ready("x").isReady());
  }

  @Test
  void cellIsRefilledInPlaceAndOrdinaryReadyIsImmutable() {
    Poll.Ready<Integer> cell = Poll.cell();
    assertSame(cell, cell.fill(1));
    assertEquals(1, cell.value());
    cell.fill(2);
    assertEquals(2, cell.value());
    Poll<String> fixed = Poll.ready("a");
    assertThrows(UnsupportedOperationException.class, () -> ((Poll.Ready<String>) fixed).fill("b"));
  }
}
