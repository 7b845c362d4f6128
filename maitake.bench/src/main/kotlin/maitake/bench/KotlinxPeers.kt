@file:JvmName("KotlinxPeers")

package maitake.bench

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.yield

/*
 * The kotlinx.coroutines peers, written as a Kotlin user writes them (suspending functions, not
 * Java calls into kotlinx's internals), and called from the Java benchmarks.
 */

/**
 * mutex_handoff: two coroutines on runBlocking's single-threaded event loop alternate through one
 * Mutex, each holding it across a yield, so every unlock hands the lock to the other, which is
 * suspended in lock(); returns the count of critical sections.
 */
fun mutexHandoff(handoffs: Int): Long = runBlocking {
  val mutex = Mutex()
  var counter = 0L
  val jobs = List(2) {
    launch {
      repeat(handoffs / 2) {
        mutex.lock()
        try {
          counter++
          yield() // suspend while holding the lock: the other coroutine queues in lock()
        } finally {
          mutex.unlock()
        }
      }
    }
  }
  jobs.joinAll()
  counter
}

/**
 * semaphore_contended: `tasks` coroutines on Dispatchers.Default limited to 2 threads share
 * `permits` permits, each acquiring, yielding once inside and releasing, `rounds` times.
 */
fun semaphoreContended(tasks: Int, rounds: Int, permits: Int) = runBlocking {
  val sem = Semaphore(permits)
  val two = Dispatchers.Default.limitedParallelism(2)
  List(tasks) { launch(two) { repeat(rounds) { sem.withPermit { yield() } } } }.joinAll()
}

/**
 * runtime_mixed: `tasks` coroutines on Dispatchers.Default limited to 2 threads, each yields once
 * and increments a counter under a Mutex, and one in ten (when `nap`) delays 1 ms; returns the
 * counter.
 */
fun runtimeMixed(tasks: Int, nap: Boolean): Long = runBlocking {
  val mutex = Mutex()
  var counter = 0L
  val two = Dispatchers.Default.limitedParallelism(2)
  List(tasks) { i ->
    launch(two) {
      yield()
      mutex.withLock { counter++ }
      if (nap && i % 10 == 0) {
        delay(1)
      }
    }
  }.joinAll()
  counter
}
