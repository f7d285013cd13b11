package main

import (
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/workflows"
)

// policyFromConfig is the boost policy the settings describe. It lives here,
// at the edge, so that workflows does not depend on how settings are read.
func policyFromConfig(c config.Config) workflows.Policy {
	return workflows.Policy{
		Filter:       c.Filter(),
		MaxTRUs:      c.MaxTRUs,
		MaxDuration:  c.MaxBoostDuration,
		MaxLead:      c.MaxBoostLead,
		RemindBefore: c.RemindBefore,
		DryRun:       c.DryRun,

		ActionPricePerMillion: c.ActionPricePerMillion,
		ExternalChangeTimeout: c.ExternalChangeTimeout,
		ApprovalAboveTRUs:     c.ApprovalAboveTRUs,
		ApprovalLongerThan:    c.ApprovalLongerThan,
		ApprovalTimeout:       c.ApprovalTimeout,
	}
}

// watchConfig is the throttling watch's configuration from the settings, nil
// with WATCH_INTERVAL=0 (app.StartThrottleWatch then stops a watch left
// running). Recurring boosts and scheduled reports need no start: they are
// Temporal Schedules created by commands.
func watchConfig(c config.Config) *workflows.WatchConfig {
	if !c.WatchEnabled() {
		return nil
	}
	return &workflows.WatchConfig{
		Interval:           c.WatchInterval,
		Threshold:          c.WatchThreshold,
		SensitiveThreshold: c.WatchSensitiveThreshold,
		Sensitive:          c.WatchSensitiveNamespaces,
		MaxTRUs:            c.MaxTRUs,
	}
}
