package config

import (
	"fmt"
	"maps"
	"regexp"
)

// DefaultQueue is the queue River inserts a job into when it names none
// (river.QueueDefault), so it is always worked.
const DefaultQueue = "default"

// DefaultQueueWorkers is the size of a queue that must be worked but that
// the configuration does not name, such as [DefaultQueue].
const DefaultQueueWorkers = 10

// maxQueueNameLen is River's cap on a queue name's length, in bytes.
const maxQueueNameLen = 64

// queueNameRE is River's rule for queue names (validateQueueName in its
// client.go), without the "|" separator its character class lets through
// by accident.
var queueNameRE = regexp.MustCompile(`^[a-z0-9]+([_-][a-z0-9]+)*$`)

// CheckQueueName reports whether name can name a River queue: lower-case
// letters and digits joined by single "_" or "-", at most 64 bytes. It is
// the one home of the rule: Load checks jobs.queues with it and the schema
// parser checks job references with it, so a bad name stops forge
// generate or the app's start rather than River's client.
func CheckQueueName(name string) error {
	if len(name) > maxQueueNameLen || !queueNameRE.MatchString(name) {
		return fmt.Errorf("queue %q: name must be lower-case letters and digits joined by _ or -, at most %d bytes", name, maxQueueNameLen)
	}
	return nil
}

// WithQueues returns j with each of names that j lacks added with
// DefaultQueueWorkers; j itself is not changed. It is the one place queues
// are merged: Load adds [DefaultQueue], the server the queues the app's
// jobs are inserted into, and runtime/jobs [DefaultQueue] again for a Jobs
// that did not come from Load.
func (j Jobs) WithQueues(names ...string) Jobs {
	all := maps.Clone(j.Queues)
	if all == nil {
		all = map[string]int{}
	}
	for _, q := range names {
		if _, ok := all[q]; !ok {
			all[q] = DefaultQueueWorkers
		}
	}
	j.Queues = all
	return j
}
