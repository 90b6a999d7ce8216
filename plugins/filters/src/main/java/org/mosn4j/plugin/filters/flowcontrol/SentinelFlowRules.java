package org.mosn4j.plugin.filters.flowcontrol;

import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRuleManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mosn4j.plugin.filters.flowcontrol.FlowRules.PlacedRule;
import org.mosn4j.spi.config.ConfigException;

/**
 * The flow rules of every listener's {@code flowControlFilter}, merged into Sentinel's one rule table of the
 * process. Sentinel keeps rules and counts per resource name for the whole process, so the rules of all
 * listeners are loaded together: a rule limits its resource whichever listener the request came through. Two
 * listeners may both name a rule for a resource only when the rules agree; otherwise the second is a config
 * error rather than silently replacing the first. A listener configured again replaces its own rules.
 *
 * <p>Thread-safe: registration is synchronized (startup); {@link #guards} reads one volatile set.
 */
final class SentinelFlowRules {

    /** The process's table (per plugin class loader, as Sentinel's own state is). */
    static final SentinelFlowRules INSTANCE = new SentinelFlowRules();

    private final Map<String, List<PlacedRule>> byListener = new LinkedHashMap<>();
    private volatile Set<String> guarded = Set.of();

    /**
     * Sets the rules of {@code listener} and loads every listener's rules into Sentinel.
     *
     * @throws ConfigException when a rule contradicts another listener's rule for the same resource
     */
    synchronized void register(String listener, List<PlacedRule> rules) throws ConfigException {
        for (Map.Entry<String, List<PlacedRule>> other : byListener.entrySet()) {
            if (other.getKey().equals(listener)) {
                continue;
            }
            for (PlacedRule theirs : other.getValue()) {
                for (PlacedRule mine : rules) {
                    if (mine.sameTarget(theirs) && !mine.rule().equals(theirs.rule())) {
                        throw new ConfigException(mine.path(), "contradicts the rule for \"" + theirs.rule().getResource()
                                + "\" at " + theirs.path() + " (limit " + theirs.rule().getCount() + " there, "
                                + mine.rule().getCount() + " here): Sentinel's rules are process-wide, so both listeners'"
                                + " requests count against one limit; give both the same limit");
                    }
                }
            }
        }
        byListener.put(listener, List.copyOf(rules));
        Set<FlowRule> all = new LinkedHashSet<>();
        Set<String> resources = new HashSet<>();
        for (List<PlacedRule> placed : byListener.values()) {
            for (PlacedRule rule : placed) {
                all.add(rule.rule());
                resources.add(rule.rule().getResource());
                if (rule.rule().getRefResource() != null) {
                    resources.add(rule.rule().getRefResource());
                }
            }
        }
        FlowRuleManager.loadRules(new ArrayList<>(all));
        guarded = Set.copyOf(resources);
    }

    /**
     * @return whether some rule names {@code resource} (as its resource or as the one it counts): only such
     *         requests go through Sentinel, so requests for other paths cost nothing and create no Sentinel state
     */
    boolean guards(String resource) {
        return guarded.contains(resource);
    }
}
