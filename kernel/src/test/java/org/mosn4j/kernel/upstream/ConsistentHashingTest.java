package org.mosn4j.kernel.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mosn4j.kernel.upstream.LoadBalancerTest.keyed;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LB_RING_HASH and LB_MAGLEV keep keys on their hosts: the same key picks the same host, and when one host of ten
 * leaves or joins, only about a tenth of 10,000 keys move, nearly all of them to or from that host.
 */
class ConsistentHashingTest {

    private static final int KEYS = 10_000;

    private static List<DefaultHost> hosts(int from, int to) {
        List<DefaultHost> hosts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String address = "10.1.0." + i + ":8080";
            hosts.add(new DefaultHost(address, new InetSocketAddress("127.0.0.1", 8080), address, 1, Map.of(), "c"));
        }
        return hosts;
    }

    private static DefaultHost[] assign(LoadBalancer lb) {
        DefaultHost[] owner = new DefaultHost[KEYS];
        for (int k = 0; k < KEYS; k++) {
            owner[k] = lb.choose(keyed(XxHash64.hash("session-" + k)));
        }
        return owner;
    }

    @ParameterizedTest
    @EnumSource(value = LoadBalancerType.class, names = {"LB_RING_HASH", "LB_MAGLEV"})
    void theSameKeyPicksTheSameHost(LoadBalancerType type) {
        List<DefaultHost> hosts = hosts(0, 10);
        LoadBalancer lb = type.create(hosts);
        DefaultHost[] first = assign(lb);
        DefaultHost[] again = assign(lb);
        DefaultHost[] rebuilt = assign(type.create(hosts));
        for (int k = 0; k < KEYS; k++) {
            assertSame(first[k], again[k]);
            assertSame(first[k], rebuilt[k], "a balancer rebuilt over the same hosts agrees");
        }
        assertEquals(10, java.util.Arrays.stream(first).distinct().count(), "every host gets keys");
    }

    @ParameterizedTest
    @EnumSource(value = LoadBalancerType.class, names = {"LB_RING_HASH", "LB_MAGLEV"})
    void removingOneHostOfTenMovesAboutATenthOfTheKeys(LoadBalancerType type) {
        List<DefaultHost> all = hosts(0, 10);
        DefaultHost removed = all.get(3);
        List<DefaultHost> left = new ArrayList<>(all);
        left.remove(removed);
        DefaultHost[] before = assign(type.create(all));
        DefaultHost[] after = assign(type.create(left));
        int moved = 0;
        int untouched = 0;
        int untouchedStayed = 0;
        for (int k = 0; k < KEYS; k++) {
            if (before[k] != after[k]) {
                moved++;
            }
            if (before[k] != removed) {
                untouched++;
                if (before[k] == after[k]) {
                    untouchedStayed++;
                }
            }
        }
        double movedShare = (double) moved / KEYS;
        double stayedShare = (double) untouchedStayed / untouched;
        System.out.printf("%s: removing 1 of 10 hosts moved %.4f of %d keys; %.4f of the other hosts' keys stayed%n",
                type, movedShare, KEYS, stayedShare);
        assertTrue(movedShare < 0.2, type + " moved " + movedShare);
        assertTrue(stayedShare > 0.95, type + ": only " + stayedShare + " of the other hosts' keys stayed");
    }

    @ParameterizedTest
    @EnumSource(value = LoadBalancerType.class, names = {"LB_RING_HASH", "LB_MAGLEV"})
    void addingOneHostToTenMovesAboutAnEleventhOfTheKeys(LoadBalancerType type) {
        List<DefaultHost> ten = hosts(0, 10);
        List<DefaultHost> eleven = new ArrayList<>(ten);
        DefaultHost added = hosts(10, 11).get(0);
        eleven.add(added);
        DefaultHost[] before = assign(type.create(ten));
        DefaultHost[] after = assign(type.create(eleven));
        int moved = 0;
        int movedElsewhere = 0;
        for (int k = 0; k < KEYS; k++) {
            if (before[k] != after[k]) {
                moved++;
                if (after[k] != added) {
                    movedElsewhere++;
                }
            }
        }
        double movedShare = (double) moved / KEYS;
        double elsewhereShare = (double) movedElsewhere / KEYS;
        System.out.printf("%s: adding an 11th host moved %.4f of %d keys, %.4f between old hosts%n",
                type, movedShare, KEYS, elsewhereShare);
        assertTrue(movedShare < 0.2, type + " moved " + movedShare);
        assertTrue(elsewhereShare < 0.05, type + " moved " + elsewhereShare + " between hosts that stayed");
    }
}
