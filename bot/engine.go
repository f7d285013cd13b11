package bot

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/workflows"
)

// TemporalEngine implements Engine over a Temporal client.
type TemporalEngine struct {
	c         client.Client
	taskQueue string
}

// NewTemporalEngine builds an Engine that starts workflows on taskQueue.
func NewTemporalEngine(c client.Client, taskQueue string) *TemporalEngine {
	return &TemporalEngine{c: c, taskQueue: taskQueue}
}

var _ Engine = (*TemporalEngine)(nil)

// StartAnalysis implements Engine.
func (e *TemporalEngine) StartAnalysis(ctx context.Context, id string, req workflows.AnalysisRequest) (bool, error) {
	return false, nil // TODO
}

// StartBoost implements Engine.
func (e *TemporalEngine) StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, nil // TODO
}

// BoostStatus implements Engine.
func (e *TemporalEngine) BoostStatus(ctx context.Context, namespace string) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, ErrNoBoost // TODO
}

// ActiveBoosts implements Engine.
func (e *TemporalEngine) ActiveBoosts(ctx context.Context) ([]workflows.BoostStatus, error) {
	return nil, nil // TODO
}

// Extend implements Engine.
func (e *TemporalEngine) Extend(ctx context.Context, namespace string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, nil // TODO
}

// RevertNow implements Engine.
func (e *TemporalEngine) RevertNow(ctx context.Context, namespace string, req workflows.RevertRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, nil // TODO
}
