/** The demo program: a workload on schedulers built from the kit's toolkit. */
module maitake.demo {
  requires maitake.api;

  uses maitake.spi.Toolkit;
}
