package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheckQueueName(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"default", "mail", "sms-out", "a_b-c", "q1", strings.Repeat("q", 64)} {
		if err := CheckQueueName(ok); err != nil {
			t.Errorf("CheckQueueName(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "Mail", "mail queue", "_mail", "mail_", "a__b", "a|b", "añ", strings.Repeat("q", 65)} {
		if err := CheckQueueName(bad); err == nil {
			t.Errorf("CheckQueueName(%q) accepted it", bad)
		}
	}
}

func TestWithQueues(t *testing.T) {
	t.Parallel()
	cfg := Jobs{Queues: map[string]int{"default": 3, "mail": 2}}
	got := cfg.WithQueues("mail", "reports", "reports")
	if want := "map[default:3 mail:2 reports:10]"; fmt.Sprint(got.Queues) != want {
		t.Errorf("WithQueues = %v, want %s", got.Queues, want)
	}
	if fmt.Sprint(cfg.Queues) != "map[default:3 mail:2]" {
		t.Error("WithQueues changed the configuration it was given")
	}
	if got := (Jobs{}).WithQueues(DefaultQueue); fmt.Sprint(got.Queues) != "map[default:10]" {
		t.Errorf("WithQueues on no queues = %v, want the default queue", got.Queues)
	}
}
