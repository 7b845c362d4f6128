package maitake.demo.runtime;

/**
 * What a {@link Runtime}'s workers did.
 *
 * @param workers worker threads
 * @param ticks scheduler ticks
 * @param polled task polls
 * @param injected tasks taken from the injector
 * @param stolen tasks stolen from other workers
 * @param turns timer turns by idle workers
 * @param parks times a worker parked
 */
public record RuntimeStats(
    int workers, long ticks, long polled, long injected, long stolen, long turns, long parks) {}
