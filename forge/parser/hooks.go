package parser

import (
	"sort"

	"github.com/forge-framework/forge/forge/ir"
	"github.com/forge-framework/forge/runtime/config"
)

// This file checks the jobs that hooks enqueue and lists the app's jobs.

func (b *builder) hooks(h *hooksDecl) ir.Hooks {
	var out ir.Hooks
	if h == nil {
		return out
	}
	out.AfterCreate = b.jobRefs(h.afterCreate)
	out.AfterUpdate = b.jobRefs(h.afterUpdate)
	return out
}

func (b *builder) jobRefs(refs []jobRefDecl) []ir.JobRef {
	var out []ir.JobRef
	for _, r := range refs {
		ok := true
		switch {
		case !r.hasKind || r.kind == "":
			b.errorf(r.pos, "JobRef needs a Kind, such as Kind: \"order_placed\"")
			ok = false
		case !snakeRE.MatchString(r.kind):
			b.errorf(r.kindPos, "job kind %q must be lower_snake_case, such as \"order_placed\"", r.kind)
			ok = false
		}
		queue := r.queue
		if !r.hasQue || queue == "" {
			queue = config.DefaultQueue
		} else if err := config.CheckQueueName(queue); err != nil {
			b.errorf(r.queuePos, "%v", err)
			ok = false
		}
		if ok {
			out = append(out, ir.JobRef{Kind: r.kind, Queue: queue})
		}
	}
	return out
}

// jobs lists each job kind once with its args type. A kind belongs to one
// resource: River routes jobs by kind, and each kind has one args type.
func (b *builder) jobs(decls []*resourceDecl, byName map[string]*resourceDecl) []ir.Job {
	owner := map[string]string{}
	out := []ir.Job{}
	for _, d := range decls {
		if byName[d.name] != d || d.hooks == nil {
			continue
		}
		for _, r := range append(append([]jobRefDecl{}, d.hooks.afterCreate...), d.hooks.afterUpdate...) {
			if !r.hasKind || !snakeRE.MatchString(r.kind) {
				continue
			}
			if prev, ok := owner[r.kind]; ok {
				if prev != d.name {
					b.errorf(r.kindPos, "job kind %q is already enqueued by %s: a kind names one args type, so give %s its own kind", r.kind, prev, d.name)
				}
				continue
			}
			owner[r.kind] = d.name
			out = append(out, ir.Job{Kind: r.kind, Args: ir.JobArgs(r.kind), Resource: d.name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	args := map[string]string{}
	for _, j := range out {
		if other, dup := args[j.Args]; dup {
			b.errorf(byName[j.Resource].hooks.pos, "job kinds %q and %q would both generate %s", other, j.Kind, j.Args)
		}
		args[j.Args] = j.Kind
	}
	return out
}
