package cloudops

import (
	"context"
	"errors"
	"fmt"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	"google.golang.org/grpc"

	"github.com/capacitybot/capacitybot/clients"
)

// ListNamespaces returns the IDs (name.account) of every namespace in the
// account, reading all pages.
func (c *Client) ListNamespaces(ctx context.Context) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	token := ""
	for {
		var resp *cloudservice.GetNamespacesResponse
		err := c.invoke(ctx, "GetNamespaces", "", func(ctx context.Context, opts ...grpc.CallOption) error {
			var err error
			resp, err = c.svc.GetNamespaces(ctx, &cloudservice.GetNamespacesRequest{PageSize: c.pageSize, PageToken: token}, opts...)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, ns := range resp.GetNamespaces() {
			ids = append(ids, ns.GetNamespace())
		}
		token = resp.GetNextPageToken()
		if token == "" {
			return ids, nil
		}
		if seen[token] {
			return nil, &clients.Error{Op: "GetNamespaces", Kind: clients.KindMalformed,
				Err: fmt.Errorf("page token %q repeated after %d namespaces", token, len(ids))}
		}
		seen[token] = true
	}
}

// getNamespace is the raw GetNamespace, for GetCapacity and SetCapacity.
func (c *Client) getNamespace(ctx context.Context, ns string) (*namespacev1.Namespace, error) {
	var resp *cloudservice.GetNamespaceResponse
	err := c.invoke(ctx, "GetNamespace", ns, func(ctx context.Context, opts ...grpc.CallOption) error {
		var err error
		resp, err = c.svc.GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: ns}, opts...)
		return err
	})
	if err != nil {
		return nil, err
	}
	if resp.GetNamespace() == nil {
		return nil, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindMalformed,
			Err: errors.New("response carries no namespace")}
	}
	return resp.GetNamespace(), nil
}

// GetCapacity reads a namespace's capacity: the mode it runs at now, its
// latest capacity request, APS limit and resource version.
func (c *Client) GetCapacity(ctx context.Context, ns string) (clients.NamespaceCapacity, error) {
	if err := checkNamespace("GetCapacity", ns); err != nil {
		return clients.NamespaceCapacity{}, err
	}
	n, err := c.getNamespace(ctx, ns)
	if err != nil {
		return clients.NamespaceCapacity{}, err
	}
	return namespaceCapacity(n), nil
}

// GetCapacityInfo reads which TRU values a namespace may take, what
// on-demand would give it, and its 7-day APS statistics.
func (c *Client) GetCapacityInfo(ctx context.Context, ns string) (clients.CapacityInfo, error) {
	if err := checkNamespace("GetCapacityInfo", ns); err != nil {
		return clients.CapacityInfo{}, err
	}
	var resp *cloudservice.GetNamespaceCapacityInfoResponse
	err := c.invoke(ctx, "GetNamespaceCapacityInfo", ns, func(ctx context.Context, opts ...grpc.CallOption) error {
		var err error
		resp, err = c.svc.GetNamespaceCapacityInfo(ctx, &cloudservice.GetNamespaceCapacityInfoRequest{Namespace: ns}, opts...)
		return err
	})
	if err != nil {
		return clients.CapacityInfo{}, err
	}
	if resp.GetCapacityInfo() == nil {
		return clients.CapacityInfo{}, &clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: ns,
			Kind: clients.KindMalformed, Err: errors.New("response carries no capacity info")}
	}
	return capacityInfo(ns, resp.GetCapacityInfo()), nil
}

func checkNamespace(op, ns string) error {
	if ns == "" {
		return &clients.Error{Op: op, Kind: clients.KindInvalid, Err: errors.New("namespace is required")}
	}
	return nil
}
