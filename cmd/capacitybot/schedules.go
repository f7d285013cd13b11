package main

import (
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/workflows"
)

// watchConfig is the throttling watch's settings, nil with WATCH_INTERVAL=0
// (app.StartThrottleWatch then stops a watch left running). Recurring boosts
// and scheduled reports need no start: they are Temporal Schedules created
// by commands.
func watchConfig(cfg config.Config) *workflows.WatchConfig {
	if !cfg.WatchEnabled() {
		return nil
	}
	wc := watchConfigFromConfig(cfg)
	return &wc
}
