package maitake.scheduler;

import java.util.NoSuchElementException;

/**
 * The result of {@code trySteal()}: a {@link Stealer}, or why there is none.
 *
 * @param stealer the stealer, or null
 * @param refusal null, or why stealing is not possible now
 */
public record StealAttempt(Stealer stealer, Refusal refusal) {

  /** Why no stealer was handed out. */
  public enum Refusal {
    /** The victim's queue has a consumer now (it is dequeuing, or another stealer is open). */
    BUSY,
    /** The victim has no queued task. */
    EMPTY
  }

  /**
   * @return true if a stealer was handed out
   */
  public boolean isOk() {
    return stealer != null;
  }

  /**
   * @return the stealer
   * @throws NoSuchElementException if there is none
   */
  public Stealer get() {
    if (stealer == null) {
      throw new NoSuchElementException("no stealer: " + refusal);
    }
    return stealer;
  }
}
