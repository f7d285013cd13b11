package simcloud

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Paging limits of GetNamespaces, as documented for the real service.
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// service implements the CloudService methods the bot uses; the rest answer
// Unimplemented.
type service struct {
	cloudservice.UnimplementedCloudServiceServer
	c *Cloud
}

func (s *service) GetNamespaces(ctx context.Context, req *cloudservice.GetNamespacesRequest) (*cloudservice.GetNamespacesResponse, error) {
	size := int(req.GetPageSize())
	switch {
	case size < 0 || size > maxPageSize:
		return nil, status.Errorf(codes.InvalidArgument, "page_size must be between 0 and %d", maxPageSize)
	case size == 0:
		size = defaultPageSize
	}
	start, err := decodePageToken(req.GetPageToken())
	if err != nil {
		return nil, err
	}
	c := s.c
	c.mu.Lock()
	defer c.unlock()
	c.settleLocked(c.opts.Now())
	if start > len(c.order) {
		return nil, status.Error(codes.InvalidArgument, "invalid page_token")
	}
	resp := &cloudservice.GetNamespacesResponse{}
	end := min(start+size, len(c.order))
	for _, id := range c.order[start:end] {
		st := c.namespaces[id]
		if req.GetName() != "" && st.cfg.name() != req.GetName() {
			continue
		}
		resp.Namespaces = append(resp.Namespaces, st.namespaceProto(capacityFieldsVisible(ctx)))
	}
	if end < len(c.order) {
		resp.NextPageToken = encodePageToken(end)
	}
	return resp, nil
}

func encodePageToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodePageToken(tok string) (int, error) {
	if tok == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil {
		if n, ok := strings.CutPrefix(string(raw), "offset:"); ok {
			if off, err := strconv.Atoi(n); err == nil && off >= 0 {
				return off, nil
			}
		}
	}
	return 0, status.Error(codes.InvalidArgument, "invalid page_token")
}

func (s *service) GetNamespace(ctx context.Context, req *cloudservice.GetNamespaceRequest) (*cloudservice.GetNamespaceResponse, error) {
	c := s.c
	st, err := c.lockNamespace(req.GetNamespace())
	defer c.unlock()
	if err != nil {
		return nil, err
	}
	return &cloudservice.GetNamespaceResponse{Namespace: st.namespaceProto(capacityFieldsVisible(ctx))}, nil
}

func (s *service) GetNamespaceCapacityInfo(ctx context.Context, req *cloudservice.GetNamespaceCapacityInfoRequest) (*cloudservice.GetNamespaceCapacityInfoResponse, error) {
	c := s.c
	st, err := c.lockNamespace(req.GetNamespace())
	defer c.unlock()
	if err != nil {
		return nil, err
	}
	n := st.cfg
	info := &namespacev1.NamespaceCapacityInfo{
		Namespace:       n.ID,
		HasLegacyLimits: n.HasLegacyLimits,
		CurrentCapacity: capacityStatus(st.current, st.request),
		ModeOptions: &namespacev1.NamespaceCapacityInfo_CapacityModeOptions{
			Provisioned: &namespacev1.NamespaceCapacityInfo_CapacityModeOptions_Provisioned{
				ValidTruValues:       append([]float64(nil), n.ValidTRUs...),
				MaxAvailableTruValue: n.MaxAvailableTRUs,
			},
			OnDemand: &namespacev1.NamespaceCapacityInfo_CapacityModeOptions_OnDemand{ApsLimit: n.OnDemandAPSLimit},
		},
		Stats: &namespacev1.NamespaceCapacityInfo_Stats{
			Aps: &namespacev1.NamespaceCapacityInfo_Stats_Summary{Mean: n.Stats.Mean, P90: n.Stats.P90, P99: n.Stats.P99},
		},
	}
	return &cloudservice.GetNamespaceCapacityInfoResponse{CapacityInfo: info}, nil
}

func (s *service) GetAsyncOperation(_ context.Context, req *cloudservice.GetAsyncOperationRequest) (*cloudservice.GetAsyncOperationResponse, error) {
	c := s.c
	c.mu.Lock()
	defer c.unlock()
	c.settleLocked(c.opts.Now())
	op, ok := c.ops[req.GetAsyncOperationId()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "async operation %q not found", req.GetAsyncOperationId())
	}
	return &cloudservice.GetAsyncOperationResponse{AsyncOperation: c.operationProto(op)}, nil
}

func (c *Cloud) lookupLocked(id string) (*nsState, error) {
	if id == "" {
		return nil, status.Error(codes.InvalidArgument, "namespace is required")
	}
	st, ok := c.namespaces[id]
	if !ok {
		return nil, status.Error(codes.NotFound, fmt.Sprintf("namespace %q not found", id))
	}
	return st, nil
}

// lockNamespace locks the account, completes the operations due by now and
// looks the namespace up, for the calls that answer about one namespace. The
// lock is held on return, also on error: the caller defers c.unlock.
func (c *Cloud) lockNamespace(name string) (*nsState, error) {
	c.mu.Lock()
	c.settleLocked(c.opts.Now())
	return c.lookupLocked(name)
}
