// SPDX-License-Identifier: GPL-2.0
/*
 * IPv8: per-CPU counters, one block per netns and one per enabled link.
 *
 * Writers never take a lock: each CPU counts in its own block, and on
 * 32-bit machines a u64_stats_sync lets readers see whole 64-bit values.
 */

#include <linux/percpu.h>

#include "ipv8.h"

/**
 * ipv8_stats_alloc() - a zeroed block of counters
 *
 * Return: the block (free with free_percpu()), or NULL.
 */
struct ipv8_pcpu_stats __percpu *ipv8_stats_alloc(void)
{
	struct ipv8_pcpu_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu(struct ipv8_pcpu_stats);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

/**
 * ipv8_stats_inc() - count one event
 * @stats: the block
 * @stat: the counter
 *
 * Safe from any context, including hard interrupts.
 */
void ipv8_stats_inc(struct ipv8_pcpu_stats __percpu *stats,
		    enum ipv8_stat stat)
{
	struct ipv8_pcpu_stats *s;
	unsigned long flags;

	s = get_cpu_ptr(stats);
	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->cnt[stat]);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
	put_cpu_ptr(stats);
}

/**
 * ipv8_stats_read() - sum a counter over all CPUs
 * @stats: the block
 * @stat: the counter
 *
 * Return: the total.
 */
u64 ipv8_stats_read(const struct ipv8_pcpu_stats __percpu *stats,
		    enum ipv8_stat stat)
{
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct ipv8_pcpu_stats *s = per_cpu_ptr(stats, cpu);
		unsigned int start;
		u64 v;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->cnt[stat]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		total += v;
	}
	return total;
}

/**
 * ipv8_count() - count an event in the namespace and on its link
 * @ipn: the namespace
 * @idev: the link, or NULL when the event has none
 * @stat: the counter
 */
void ipv8_count(struct ipv8_net *ipn, struct ipv8_dev *idev,
		enum ipv8_stat stat)
{
	ipv8_stats_inc(ipn->stats, stat);
	if (idev)
		ipv8_stats_inc(idev->stats, stat);
}
