package testworld

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// defaultDuration is the boost length when a command names none; every
// harness runs with the same one.
const defaultDuration = 30 * time.Minute

// cloudCallTimeout bounds one Cloud Ops call, well below the product's 30s
// default so that a hung simulated call fails within a test's wait.
const cloudCallTimeout = 5 * time.Second

// testMetricsBudget lets the tests' watches check every second (the
// watch's half of it is 3,600 an hour): their simulated Metrics API has no
// hourly quota unless a test sets one.
const testMetricsBudget = 7200

// ProcessOptions describe one bot process: where its Temporal client,
// simulated cloud and fake Slack are, and who may boost.
type ProcessOptions struct {
	Temporal   client.Client
	TaskQueue  string
	Cloud      *simcloud.Cloud
	CloudKey   string // the API key the simulated cloud expects
	Slack      *fakeslack.Server
	BotToken   string
	AppToken   string
	BoostUsers []string
	// ApproverUsers may approve or deny boosts that wait for approval.
	ApproverUsers []string
	Policy        workflows.Policy
	AlertChannel  string
	Logger        *zap.Logger
	Metrics       *telemetry.Metrics // may be nil
	Connections   int
	PingInterval  time.Duration
	Scopes        capacity.Scopes // BOOST_SCOPES; nil: none
	// Namespace is the Temporal namespace, for the history's retention.
	Namespace string
	// MetricsBudgetPerHour is the Metrics API requests an hour the bot
	// allows itself; 0: testMetricsBudget.
	MetricsBudgetPerHour int
}

// Process is what cmd/capacitybot runs in one process: a started Temporal
// worker and a Slack bot (not yet running) sharing one Cloud Ops client. The
// caller runs the bot and decides how the process dies, since the harnesses
// stop it in different orders on purpose.
type Process struct {
	Worker worker.Worker
	Ops    *cloudops.Client
	Bot    *slackbot.Bot
}

// StartProcess builds the process with app.Build, as cmd/capacitybot does
// in Slack mode, and starts the worker. On error nothing is left running.
func StartProcess(o ProcessOptions) (*Process, error) {
	budget := o.MetricsBudgetPerHour
	if budget == 0 {
		budget = testMetricsBudget
	}
	co := app.CloudOptions{CallTimeout: cloudCallTimeout, MetricsBudgetPerHour: budget}.Loopback(o.Cloud.GRPCAddr(), o.Cloud.MetricsURL(), o.CloudKey)
	ops, usage, err := app.CloudClients(co, o.Metrics, o.Logger)
	if err != nil {
		return nil, err
	}
	p, err := app.Build(app.Options{Temporal: o.Temporal, TaskQueue: o.TaskQueue, TemporalNamespace: o.Namespace, Ops: ops, Usage: usage,
		Policy: o.Policy, DefaultDuration: defaultDuration, AlertChannel: o.AlertChannel, Simulated: true,
		Logger: o.Logger, Metrics: o.Metrics, Scopes: o.Scopes, ApproverUsers: o.ApproverUsers,
		Slack: &app.SlackOptions{API: slackbot.NewClient(o.BotToken, o.AppToken, o.Slack.APIURL()),
			BoostUsers: o.BoostUsers, GroupCacheTTL: time.Minute, Connections: o.Connections, PingInterval: o.PingInterval}})
	if err != nil {
		_ = ops.Close()
		return nil, err
	}
	if err := p.Worker.Start(); err != nil {
		_ = ops.Close()
		return nil, fmt.Errorf("starting the worker on %s: %w", o.TaskQueue, err)
	}
	return &Process{Worker: p.Worker, Ops: ops, Bot: p.Bot}, nil
}
