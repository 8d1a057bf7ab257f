package socialcrm

import "context"

// Leader elects, among the processes that share a store, the one that runs
// a role that must run once at a time (the relationship graph).
type Leader interface {
	// Lead blocks until this process holds the role name, or returns
	// ctx's error when ctx ends first. The context it returns ends when
	// ctx does or when the role is lost (the store connection holding it
	// broke); release gives the role up and must be called once.
	Lead(ctx context.Context, name string) (held context.Context, release func(), err error)
}
