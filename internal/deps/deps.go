package main

import (
	_ "github.com/gorilla/websocket"
	_ "github.com/joho/godotenv"
	_ "github.com/kelseyhightower/envconfig"
	_ "github.com/prometheus/common/expfmt"
	_ "github.com/slack-go/slack"
	_ "github.com/slack-go/slack/socketmode"
	_ "go.temporal.io/api/workflowservice/v1"
	_ "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	_ "go.temporal.io/sdk/client"
	_ "go.temporal.io/sdk/testsuite"
	_ "go.temporal.io/sdk/worker"
	_ "go.temporal.io/server/temporal"
	_ "go.temporal.io/server/temporaltest"
	_ "go.uber.org/zap"
)

func main() {}
