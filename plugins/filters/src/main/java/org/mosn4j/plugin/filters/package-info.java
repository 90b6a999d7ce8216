/**
 * The bundled stream filters, each under MOSN's type string and config fields, one sub-package per filter. They
 * run in the Stream layer on every protocol's streams (Http1, Http2, dubbo) through the kernel's filter chain.
 */
package org.mosn4j.plugin.filters;
