package maitake.scheduler;

/**
 * An injector's lifetime counters, readable at any time from any thread; read one by one without a
 * lock, so a snapshot taken while other threads work may mix moments.
 *
 * @param spawned tasks spawned into the injector (spawns onto a closed injector, which end at once,
 *     are not counted)
 * @param taken tasks a stealer moved out of the injector into a scheduler
 * @param tornDown tasks torn down in the injector: cancelled ones a stealer found, and those still
 *     in it when it was closed
 * @param queued tasks in the injector now
 */
public record InjectorStats(long spawned, long taken, long tornDown, long queued) {

  /**
   * @return the tasks still in the injector that have not ended: {@code spawned - taken - tornDown}
   */
  public long live() {
    return spawned - taken - tornDown;
  }
}
