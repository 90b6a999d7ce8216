package org.mosn4j.plugin.dubbo;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.rpc.RpcContext;

/** A {@link GreetingService} that names itself and records what reached it. */
final class Greeter implements GreetingService {

    final String name;
    final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();
    final Set<String> callers = ConcurrentHashMap.newKeySet();
    /** The {@code traceparent} attachments calls arrived with, newest last. */
    final BlockingQueue<String> traceparents = new LinkedBlockingQueue<>();
    /** Released when the test is done with slow calls. */
    final CountDownLatch slowRelease = new CountDownLatch(1);

    Greeter(String name) {
        this.name = name;
    }

    @Override
    public String sayHello(String who) {
        callers.add(RpcContext.getServiceContext().getRemoteAddressString());
        String traceparent = RpcContext.getServerAttachment().getAttachment("traceparent");
        if (traceparent != null) {
            traceparents.add(traceparent);
        }
        return name + ": hello " + who;
    }

    @Override
    public Person birthday(Person person) {
        return new Person(person.getName(), person.getAge() + 1);
    }

    @Override
    public String slow(String who) {
        try {
            slowRelease.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return name + ": slowly " + who;
    }

    @Override
    public void notify(String event) {
        notifications.add(event);
    }

    @Override
    public String caller() {
        return RpcContext.getServiceContext().getRemoteAddressString();
    }
}
