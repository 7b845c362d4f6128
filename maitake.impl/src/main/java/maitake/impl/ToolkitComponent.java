package maitake.impl;

import maitake.spi.Toolkit;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link StandardToolkit} as the OSGi {@link Toolkit} service. */
@Component(service = Toolkit.class)
public class ToolkitComponent extends StandardToolkit {

  /** Made by Declarative Services. */
  public ToolkitComponent() {
  }
}
