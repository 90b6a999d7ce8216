/**
 * Hot upgrade (zero-downtime restart, MOSN's "smooth upgrade"): a new mosn4j process takes over the listening
 * sockets of the running one, which then stops accepting and drains its connections.
 *
 * <p>The running process offers its sockets on a Unix domain socket ({@link ListenerHandoverServer}); a process
 * started with {@code --upgrade} connects ({@link ListenerHandoverClient}), names the sockets its config wants
 * ({@link SocketKey}: listener name and configured address), and receives a duplicate of each file descriptor
 * (SCM_RIGHTS). The listening sockets are never closed, so no connection waiting in an accept queue is lost.
 * The new process wraps the descriptors in server channels ({@link InheritedSockets}), binds whatever else its
 * config has, and only then tells the old process that it took over; the old one stops accepting and stops as on
 * SIGTERM. Until that message the old process is untouched and keeps serving, whatever happens to the new one.
 *
 * <p>Needs the native epoll transport: file descriptors travel over Netty's epoll domain socket channels. Under
 * NIO a process offers nothing and {@code --upgrade} is refused with the reason.
 */
package org.mosn4j.kernel.network.upgrade;
