package org.mosn4j.kernel.upstream;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws an index at random with probability proportional to its weight in O(1) (Vose's alias method): built
 * once from the weights, then each draw is one uniform index and one coin. Immutable and thread-safe.
 */
final class WeightedSampler {

    private final double[] threshold;
    private final int[] alias;

    /** @param weights one weight per index, each at least 1 */
    WeightedSampler(int[] weights) {
        int n = weights.length;
        threshold = new double[n];
        alias = new int[n];
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smalls = 0;
        int larges = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = (double) weights[i] * n / total;
            if (scaled[i] < 1) {
                small[smalls++] = i;
            } else {
                large[larges++] = i;
            }
        }
        while (smalls > 0 && larges > 0) {
            int s = small[--smalls];
            int l = large[--larges];
            threshold[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            if (scaled[l] < 1) {
                small[smalls++] = l;
            } else {
                large[larges++] = l;
            }
        }
        // What is left is 1 up to rounding.
        while (larges > 0) {
            threshold[large[--larges]] = 1;
        }
        while (smalls > 0) {
            threshold[small[--smalls]] = 1;
        }
    }

    /** @return an index drawn with probability weight / total */
    int next(ThreadLocalRandom random) {
        int i = random.nextInt(threshold.length);
        return threshold[i] >= 1 || random.nextDouble() < threshold[i] ? i : alias[i];
    }
}
