package maitake.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The kit's promises about threads and time, read from the bytecode of the bundles as built: no
 * bundle but {@code maitake.runtime} starts a thread or hands work to a JDK pool (which would start
 * one), and no class but {@code maitake.time.SystemClock} (the system clock, which a user chooses
 * by name) reads the JVM's clocks. The check lists every method each class file refers to (its
 * constant pool's method references) and fails with the class and the method.
 */
class HouseRulesIT {

  /** The bundles of the kit, by the system property that names each jar. */
  private static final List<String> KIT =
      List.of("maitake.api.jar", "maitake.impl.jar", "maitake.providers.jar", "maitake.jfr.jar");

  private static final String RUNTIME = "maitake.runtime.jar";

  /** The one class allowed to read the JVM's clocks. */
  private static final String SYSTEM_CLOCK = "maitake/time/SystemClock";

  static boolean readsAClock(String ref) {
    return ref.equals("java/lang/System.nanoTime")
        || ref.equals("java/lang/System.currentTimeMillis")
        || ref.startsWith("java/time/Clock.system")
        || ref.matches("java/time/(Instant|LocalDateTime|LocalDate|LocalTime|ZonedDateTime)\\.now")
        || ref.equals("jdk/internal/misc/VM.getNanoTimeAdjustment");
  }

  static boolean startsAThread(String ref) {
    return ref.equals("java/lang/Thread.start")
        || ref.equals("java/lang/Thread.startVirtualThread")
        || ref.startsWith("java/lang/Thread$Builder")
        || ref.startsWith("java/util/concurrent/Executors.")
        || ref.startsWith("java/util/concurrent/ForkJoinPool.")
        || ref.startsWith("java/util/concurrent/ThreadPoolExecutor.<init>")
        || ref.startsWith("java/util/concurrent/ScheduledThreadPoolExecutor.<init>")
        || ref.matches("java/util/concurrent/CompletableFuture\\.\\w+Async")
        || ref.equals("java/util/concurrent/CompletableFuture.delayedExecutor")
        || ref.equals("java/util/Timer.<init>");
  }

  @Test
  void theKitsBundlesStartNoThreadAndOnlyTheSystemClockReadsTheJvmsClocks() throws Exception {
    List<String> broken = new ArrayList<>();
    int classes = 0;
    for (String jar : KIT) {
      classes += scan(jar, (owner, ref) -> startsAThread(ref), broken, "starts a thread");
      classes +=
          scan(
              jar,
              (owner, ref) -> readsAClock(ref) && !owner.equals(SYSTEM_CLOCK),
              broken,
              "reads a clock");
    }
    assertTrue(classes > 100, "the scan found the classes: " + classes);
    assertEquals(List.of(), broken);
  }

  @Test
  void theRuntimeBundleReadsNoClockButTheOneItIsGiven() throws Exception {
    List<String> broken = new ArrayList<>();
    scan(RUNTIME, (owner, ref) -> readsAClock(ref), broken, "reads a clock");
    assertEquals(List.of(), broken);
    List<String> starts = new ArrayList<>();
    scan(RUNTIME, (owner, ref) -> startsAThread(ref), starts, "starts a thread");
    assertTrue(!starts.isEmpty(), "the runtime is where threads start, and the check sees it");
  }

  @Test
  void theCheckSeesAClockReadAndAThreadStartInAClassFile() throws Exception {
    // the check itself: this very class refers to both (below), so scanning it must find them
    Set<String> refs = methodRefs(HouseRulesIT.class.getResourceAsStream("HouseRulesIT.class"));
    assertTrue(refs.stream().anyMatch(HouseRulesIT::readsAClock), refs.toString());
    assertTrue(refs.stream().anyMatch(HouseRulesIT::startsAThread), refs.toString());
  }

  @SuppressWarnings("unused") // scanned by the test above, never run
  private static void referencesForTheSelfCheck() {
    System.nanoTime();
    new Thread(() -> {}).start();
  }

  interface Rule {
    boolean broken(String owner, String ref);
  }

  private static int scan(String jarProperty, Rule rule, List<String> broken, String what)
      throws IOException {
    int n = 0;
    try (JarFile j = new JarFile(ItOptions.jarPath(jarProperty))) {
      Enumeration<JarEntry> es = j.entries();
      while (es.hasMoreElements()) {
        JarEntry e = es.nextElement();
        String name = e.getName();
        if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
          continue;
        }
        n++;
        String owner =
            name.substring(
                name.startsWith("META-INF/versions/") ? name.indexOf('/', 18) + 1 : 0,
                name.length() - 6);
        String top = owner.contains("$") ? owner.substring(0, owner.indexOf('$')) : owner;
        for (String ref : methodRefs(j.getInputStream(e))) {
          if (rule.broken(top, ref)) {
            broken.add(jarProperty + ": " + owner + " " + what + ": " + ref);
          }
        }
      }
    }
    return n;
  }

  /** The methods a class file refers to, as {@code owner.name}: its constant pool, parsed. */
  static Set<String> methodRefs(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(new ByteArrayInputStream(in.readAllBytes()));
    if (d.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    d.readUnsignedShort(); // minor
    d.readUnsignedShort(); // major
    int count = d.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    int[] natNameIndex = new int[count];
    List<int[]> refs = new ArrayList<>(); // {class index, name-and-type index}
    for (int i = 1; i < count; i++) {
      int tag = d.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = d.readUTF();
        case 3, 4 -> d.readInt();
        case 5, 6 -> {
          d.readLong();
          i++; // takes two slots
        }
        case 7 -> classNameIndex[i] = d.readUnsignedShort();
        case 8, 16, 19, 20 -> d.readUnsignedShort();
        case 9, 17, 18 -> d.readInt();
        case 10, 11 -> refs.add(new int[] {d.readUnsignedShort(), d.readUnsignedShort()});
        case 12 -> {
          natNameIndex[i] = d.readUnsignedShort();
          d.readUnsignedShort();
        }
        case 15 -> {
          d.readUnsignedByte();
          d.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    Set<String> out = new TreeSet<>();
    for (int[] r : refs) {
      out.add(utf8[classNameIndex[r[0]]] + "." + utf8[natNameIndex[r[1]]]);
    }
    return out;
  }
}
