/** End-to-end tests of the packed distribution: they unpack the tarball and run {@code bin/start.sh}. */
package org.mosn4j.distribution;
