"""Staff command: move mail jobs (scorecards, confirmations, reminders, links) from the dead-letter queue back to the
job queue, after fixing the cause.

    python -m ops.redrive_mail [--queue integra-mail-jobs] [--limit 1000]

Uses the ordinary AWS credentials and region of the shell (AWS_PROFILE, AWS_DEFAULT_REGION); with `make run` going,
point it at the local stand-in with AWS_ENDPOINT_URL. Each job is idempotent, so re-driving one whose e-mail
already went out sends nothing.
"""
import argparse
import sys


def main(argv=None) -> int:
    import boto3

    from chalicelib.adapters.sqs import redrive
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", default="integra-mail-jobs", help="job queue name; its DLQ is <name>-dlq")
    parser.add_argument("--limit", type=int, default=1000, help="move at most this many messages")
    args = parser.parse_args(argv)
    sqs = boto3.client("sqs")
    queue = sqs.get_queue_url(QueueName=args.queue)["QueueUrl"]
    dlq = sqs.get_queue_url(QueueName=f"{args.queue}-dlq")["QueueUrl"]
    moved = redrive(sqs, dlq, queue, args.limit)
    print(f"moved {moved} message(s) from {args.queue}-dlq back to {args.queue}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
