package org.mosn4j.plugin.filters.flowcontrol;

import com.alibaba.csp.sentinel.slots.block.RuleConstant;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mosn4j.spi.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the {@code rules} of a {@code flowControlFilter} config and turns them into Sentinel flow rules. */
final class FlowRules {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRules.class);

    private FlowRules() {
    }

    /**
     * A Sentinel rule with the JSON path it was configured at.
     *
     * @param rule the rule
     * @param path e.g. {@code listeners[0].stream_filters[0].config.rules[2]}
     */
    record PlacedRule(FlowRule rule, String path) {

        /** @return whether {@code other} limits the same thing (and so must not differ from this one) */
        boolean sameTarget(PlacedRule other) {
            FlowRule a = rule;
            FlowRule b = other.rule;
            return a.getResource().equals(b.getResource()) && a.getLimitApp().equals(b.getLimitApp())
                    && a.getGrade() == b.getGrade() && a.getStrategy() == b.getStrategy()
                    && Objects.equals(a.getRefResource(), b.getRefResource());
        }
    }

    /**
     * @param rules the {@code rules} entries
     * @param path the JSON path of {@code rules}
     * @return the Sentinel rules, in order
     * @throws ConfigException naming the first entry and field that is wrong
     */
    static List<PlacedRule> parse(List<FlowRuleConfig> rules, String path) throws ConfigException {
        List<PlacedRule> out = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            String at = path + "[" + i + "]";
            out.add(new PlacedRule(parse(rules.get(i), at), at));
        }
        return out;
    }

    private static FlowRule parse(FlowRuleConfig config, String path) throws ConfigException {
        if (config.resource() == null || config.resource().isBlank()) {
            throw new ConfigException(path + ".resource", "expected the resource to limit (a request path with"
                    + " limit_key_type PATH), got nothing");
        }
        int grade = config.grade() == null ? RuleConstant.FLOW_GRADE_QPS : config.grade();
        if (grade != RuleConstant.FLOW_GRADE_QPS && grade != RuleConstant.FLOW_GRADE_THREAD) {
            throw new ConfigException(path + ".grade", "expected 1 (requests per second) or 0 (requests in flight), got "
                    + grade);
        }
        Double threshold = config.threshold() != null ? config.threshold() : config.count();
        if (threshold == null) {
            throw new ConfigException(path + ".threshold", "expected the limit (a number, 0 or more), got nothing");
        }
        if (config.threshold() != null && config.count() != null && !config.threshold().equals(config.count())) {
            throw new ConfigException(path + ".count", "threshold and count are two names for the limit; give one, got "
                    + config.threshold() + " and " + config.count());
        }
        if (threshold < 0 || threshold.isNaN() || threshold.isInfinite()) {
            throw new ConfigException(path + (config.threshold() != null ? ".threshold" : ".count"),
                    "expected a limit of 0 or more, got " + threshold);
        }
        int strategy = config.strategy() == null ? RuleConstant.STRATEGY_DIRECT : config.strategy();
        String refResource = config.refResource() == null || config.refResource().isBlank() ? null : config.refResource();
        if (strategy == RuleConstant.STRATEGY_RELATE) {
            if (refResource == null) {
                throw new ConfigException(path + ".refResource", "strategy 1 limits the resource by the traffic of"
                        + " refResource; expected a resource, got nothing");
            }
        } else if (strategy != RuleConstant.STRATEGY_DIRECT) {
            throw new ConfigException(path + ".strategy", "expected 0 (count the resource) or 1 (count refResource), got "
                    + strategy + (strategy == RuleConstant.STRATEGY_CHAIN ? " (chain: requests here have no call chain)" : ""));
        }
        int behavior = config.controlBehavior() == null ? RuleConstant.CONTROL_BEHAVIOR_DEFAULT : config.controlBehavior();
        if (behavior != RuleConstant.CONTROL_BEHAVIOR_DEFAULT) {
            throw new ConfigException(path + ".controlBehavior", "only 0 (reject at once) is supported, got " + behavior
                    + ": warm-up and queueing make Sentinel wait, which would stall the event loop");
        }
        if (Boolean.TRUE.equals(config.clusterMode())) {
            throw new ConfigException(path + ".clusterMode", "cluster flow control needs a Sentinel token server, which"
                    + " is not supported; remove clusterMode");
        }
        String limitApp = config.limitApp();
        if (limitApp != null && !limitApp.isEmpty() && !limitApp.equals(RuleConstant.LIMIT_APP_DEFAULT)) {
            LOG.warn("{}.limitApp: \"{}\" is ignored: requests carry no caller name here, so the rule applies to all"
                    + " callers (as in MOSN)", path, limitApp);
        }
        FlowRule rule = new FlowRule(config.resource());
        rule.setLimitApp(RuleConstant.LIMIT_APP_DEFAULT);
        rule.setGrade(grade);
        rule.setCount(threshold);
        rule.setStrategy(strategy);
        rule.setRefResource(strategy == RuleConstant.STRATEGY_RELATE ? refResource : null);
        rule.setControlBehavior(behavior);
        return rule;
    }
}
