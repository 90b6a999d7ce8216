package org.mosn4j.spi.network;

/** What a network filter tells the chain after handling an event. */
public enum FilterStatus {
    /** Pass the event (and the buffer, if any) on to the next filter. */
    CONTINUE,
    /** Stop here: later filters do not see this event. A filter returning this for data owns the buffer. */
    STOP
}
