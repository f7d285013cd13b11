package testworld

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// defaultDuration is the boost length when a command names none; every
// harness runs with main's default.
const defaultDuration = 30 * time.Minute

// ProcessOptions describe one bot process: where its Temporal client,
// simulated cloud and fake Slack are, and who may boost.
type ProcessOptions struct {
	Temporal     client.Client
	TaskQueue    string
	Cloud        *simcloud.Cloud
	CloudKey     string // the API key the simulated cloud expects
	Slack        *fakeslack.Server
	BotToken     string
	AppToken     string
	BoostUsers   []string
	Policy       workflows.Policy
	AlertChannel string
	Logger       *zap.Logger
	Metrics      *telemetry.Metrics // may be nil
	Connections  int
	PingInterval time.Duration
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

// StartProcess builds the clients, the handler, the bot and the worker the
// way main does, registers the workflows and starts the worker. On error
// nothing is left running.
func StartProcess(o ProcessOptions) (*Process, error) {
	log := o.Logger
	ops, err := cloudops.New(cloudops.Options{Address: o.Cloud.GRPCAddr(), APIKey: o.CloudKey, Insecure: true,
		CallTimeout: 5 * time.Second, Metrics: o.Metrics, Logger: log.Named("cloudops")})
	if err != nil {
		return nil, fmt.Errorf("building the Cloud Ops client: %w", err)
	}
	usage := metrics.New(metrics.Options{BaseURL: o.Cloud.MetricsURL(), APIKey: o.CloudKey, Metrics: o.Metrics})
	api := slackbot.NewClient(o.BotToken, o.AppToken, o.Slack.APIURL())
	auth := bot.NewAuthorizer(o.BoostUsers, nil, nil, nil, time.Minute, nil)
	h := bot.NewHandler(bot.HandlerOptions{Engine: bot.NewTemporalEngine(o.Temporal, o.TaskQueue), Cloud: ops,
		Auth: auth, Policy: o.Policy, DefaultDuration: defaultDuration, Simulated: true,
		Logger: log.Named("handler"), Metrics: o.Metrics})
	b := slackbot.New(slackbot.Options{API: api, Handler: h, Auth: auth, Cloud: ops, Policy: o.Policy,
		DefaultDuration: defaultDuration, AlertChannel: o.AlertChannel, Simulated: true,
		Logger: log.Named("slack"), Metrics: o.Metrics, Connections: o.Connections, PingInterval: o.PingInterval})
	w := worker.New(o.Temporal, o.TaskQueue, worker.Options{})
	workflows.Register(w, &workflows.Activities{Cloud: ops, Usage: usage, Notifier: b.Notifier(), Policy: o.Policy,
		AlertChannel: o.AlertChannel, Simulated: true, Logger: log.Named("activities"), Metrics: o.Metrics})
	if err := w.Start(); err != nil {
		_ = ops.Close()
		return nil, fmt.Errorf("starting the worker on %s: %w", o.TaskQueue, err)
	}
	return &Process{Worker: w, Ops: ops, Bot: b}, nil
}
