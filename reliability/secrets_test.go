package reliability

import (
	"context"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestSecretsNeverLogged drives the paths where a secret is most likely to
// leak into a log: the startup configuration, and the errors of a refused
// key or token (the places where a request, header or URL gets formatted
// into an error). Every log line is captured at debug level and scanned.
func TestSecretsNeverLogged(t *testing.T) {
	cnt := newCounters("6 secrets in logs")
	for run := 0; run < runs(t); run++ {
		logs := &logSink{}
		log := logs.logger()
		cnt.add(func(c *counts) { c.Runs++ })

		// The startup log prints every setting, secrets redacted.
		cfg := config.Config{SlackBotToken: secretBotToken, SlackAppToken: secretAppToken,
			TemporalAPIKey: secretCloudKey, CloudOpsAPIKey: secretCloudKey, MetricsAPIKey: secretCloudKey}
		fields := []zap.Field{}
		for k, v := range cfg.Redacted() {
			fields = append(fields, zap.String(k, v))
		}
		log.Info("configuration", fields...)

		// Cloud Ops and Metrics refuse the key: the errors are logged as an
		// activity would log them.
		cloud := simcloud.New(testAccount(1), simcloud.Options{APIKey: "another-key"})
		if err := cloud.Start(); err != nil {
			t.Fatal(err)
		}
		ops, err := cloudops.New(cloudops.Options{Address: cloud.GRPCAddr(), APIKey: secretCloudKey, Insecure: true,
			CallTimeout: 5 * time.Second, Logger: log.Named("cloudops")})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		if _, err := ops.GetCapacity(ctx, nsID(1)); err == nil {
			t.Error("the simulated cloud accepted the wrong key")
		} else {
			log.Error("reading capacity", zap.Error(err))
		}
		if _, err := metrics.New(metrics.Options{BaseURL: cloud.MetricsURL(), APIKey: secretCloudKey}).FetchUsage(ctx); err == nil {
			t.Error("the Metrics API accepted the wrong key")
		} else {
			log.Error("reading usage", zap.Error(err))
		}
		cancel()
		_ = ops.Close()
		cloud.Close()

		// Slack refuses the tokens for good: Run returns, the bot logs why.
		fs := fakeslack.New(nil)
		fs.FailNext("apps.connections.open", 1, "invalid_auth")
		api := slackbot.NewClient(secretBotToken, secretAppToken, fs.APIURL())
		auth := bot.NewAuthorizer([]string{boostUser}, nil, nil, nil, time.Minute, nil)
		h := bot.NewHandler(bot.HandlerOptions{Engine: newRecEngine(""), Cloud: fakeCloud{}, Auth: auth,
			Policy: workflows.Policy{}, Logger: log.Named("handler")})
		b := slackbot.New(slackbot.Options{API: api, Handler: h, Auth: auth, Logger: log.Named("slack"), Connections: 1})
		runCtx, stop := context.WithTimeout(context.Background(), wait)
		if err := b.Run(runCtx); err == nil {
			t.Error("the bot ran with a refused token")
		} else {
			log.Error("slack stopped", zap.Error(err))
		}
		stop()
		sent := false
		for _, c := range fs.CallsTo("apps.connections.open") {
			sent = sent || c.Token == secretAppToken
		}
		if !sent {
			t.Error("the app token never reached the fake Slack: the scan would prove nothing")
		}
		fs.Close()
		checkNoSecrets(t, logs, cnt)
		if n := len(logs.String()); n == 0 {
			t.Fatal("nothing was logged: the scan would prove nothing")
		}
	}
}

// TestSecretScanFindsSecrets proves the scan can fail: a line carrying a
// token, in a field or in a message, is found.
func TestSecretScanFindsSecrets(t *testing.T) {
	logs := &logSink{}
	log := logs.logger()
	log.Info("calling Slack", zap.String("token", secretBotToken))
	log.Error("dial failed: Bearer " + secretCloudKey)
	log.Info("nothing here")
	if n, _ := logs.secretsSeen(); n != 2 {
		t.Fatalf("scan found %d lines with a secret, want 2", n)
	}
}
