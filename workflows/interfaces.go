package workflows

import (
	"context"

	"github.com/capacitybot/capacitybot/clients"
)

// CloudOps is what the activities need from the Cloud Ops API client
// (implemented by clients/cloudops.Client and, in tests, by fakes).
type CloudOps interface {
	ListNamespaces(ctx context.Context) ([]string, error)
	GetCapacity(ctx context.Context, namespace string) (clients.NamespaceCapacity, error)
	GetCapacityInfo(ctx context.Context, namespace string) (clients.CapacityInfo, error)
	SetCapacity(ctx context.Context, namespace string, target clients.Capacity, asyncOperationID string) (clients.SetCapacityResult, error)
	GetAsyncOperation(ctx context.Context, id string) (clients.AsyncOperation, error)
}

// UsageSource is what the analysis needs from the Metrics API client
// (implemented by clients/metrics.Client).
type UsageSource interface {
	FetchUsage(ctx context.Context) (clients.UsageSnapshot, error)
}
