package org.mosn4j.kernel.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mosn4j.kernel.config.ConfigProblems;
import org.mosn4j.kernel.dynamic.ConfigDocument.Section;
import org.mosn4j.spi.config.ConfigBinder;
import org.mosn4j.spi.config.ConfigException;

class ChangePlanTest {

    private static final String CONFIG = """
            {"servers": [{"listeners": [{"name": "a", "address": "127.0.0.1:1"}, {"name": "b", "address": "127.0.0.1:2"}],
                          "routers": [{"router_config_name": "r"}]}],
             "cluster_manager": {"clusters": [{"name": "c1", "hosts": [{"address": "127.0.0.1:9"}]},
                                              {"Name": "c2", "Hosts": []}]}}
            """;

    private static JsonNode json(String text) throws Exception {
        return ConfigBinder.INSTANCE.mapper().readTree(text);
    }

    private static ObjectNode config() throws Exception {
        return (ObjectNode) json(CONFIG);
    }

    @Test
    void entriesAreSortedIntoAddedChangedHostsOnlyAndRemoved() throws Exception {
        ConfigProblems problems = new ConfigProblems();
        ConfigChange change = ConfigChange.builder()
                .cluster(json("{\"name\": \"c3\"}"))
                .cluster(json("{\"name\": \"c1\", \"hosts\": [{\"address\": \"127.0.0.1:9\"}], \"lb_type\": \"LB_RANDOM\"}"))
                .hosts("c2", List.of(json("{\"address\": \"127.0.0.1:7\"}")))
                .removeListener("a")
                .listener(json("{\"name\": \"b\", \"address\": \"127.0.0.1:2\"}"))
                .build();
        ChangePlan plan = ChangePlan.of(config(), change, problems);
        assertTrue(problems.isEmpty(), problems.all().toString());
        assertEquals(Set.of("c3"), plan.added(Section.CLUSTERS));
        assertEquals(Set.of("c1"), plan.changed(Section.CLUSTERS));
        assertEquals(Set.of("c2"), plan.hostsOnly());
        assertEquals(Set.of("a"), plan.removed(Section.LISTENERS));
        assertTrue(plan.changed(Section.LISTENERS).isEmpty(), "an identical entry is no change");
        assertEquals("127.0.0.1:7", plan.candidate().byName(Section.CLUSTERS).get("c2").get("Hosts").get(0)
                .get("address").asText(), "the key keeps its spelling");
    }

    @Test
    void pathsInTheResultAreToldInTheChangesTerms() throws Exception {
        ConfigProblems problems = new ConfigProblems();
        ChangePlan plan = ChangePlan.of(config(), ConfigChange.builder()
                .removeListener("a")
                .listener(json("{\"name\": \"new\"}"))
                .cluster(json("{\"name\": \"c9\"}"))
                .hosts("c1", List.of())
                .build(), problems);
        // "a" is gone, so "new" is the second listener now.
        assertEquals("listeners[0].address", plan.requestPath("servers[0].listeners[1].address"));
        assertEquals("servers[0].listeners[0].address", plan.requestPath("servers[0].listeners[0].address"));
        assertEquals("clusters[0].lb_type", plan.requestPath("cluster_manager.clusters[2].lb_type"));
        assertEquals("hosts.c1[0].address", plan.requestPath("cluster_manager.clusters[0].hosts[0].address"));
        List<ConfigException> told = plan.inRequestTerms(List.of(new ConfigException(
                "cluster_manager.clusters[2].lb_type", "bad")));
        assertEquals("clusters[0].lb_type: bad", told.get(0).getMessage());
    }

    @Test
    void mistakesInTheChangeItselfNameTheirPlace() throws Exception {
        ConfigProblems problems = new ConfigProblems();
        ChangePlan.of(config(), ConfigChange.builder()
                .cluster(json("{\"lb_type\": \"LB_RANDOM\"}"))
                .router(json("{\"router_config_name\": \"x\"}"))
                .router(json("{\"router_config_name\": \"x\"}"))
                .removeCluster("nope")
                .hosts("ghost", List.of())
                .build(), problems);
        List<String> messages = problems.all().stream().map(Throwable::getMessage).toList();
        assertEquals(List.of("clusters[0].name: expected a name, got nothing",
                "routers[1].router_config_name: \"x\" is in the change twice",
                "removed_clusters[0]: there is no cluster named \"nope\" to remove",
                "hosts.ghost: there is no cluster named \"ghost\""), messages);
    }
}
