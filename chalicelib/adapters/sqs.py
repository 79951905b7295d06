"""The mail-job queue on SQS: scorecards, confirmations, reminders, access links, and their dead letters."""
import json


class SqsQueue:
    def __init__(self, client, url: str, dlq_url: str | None = None):
        self.client, self.url, self.dlq_url = client, url, dlq_url or url + "-dlq"

    def send(self, job: dict) -> None:
        self.client.send_message(QueueUrl=self.url, MessageBody=json.dumps(job))

    def delay(self, receipt_handle: str, seconds: int) -> None:
        """Back off a failed message: it becomes visible again only after ``seconds``."""
        self.client.change_message_visibility(QueueUrl=self.url, ReceiptHandle=receipt_handle,
                                              VisibilityTimeout=seconds)

    def redrive(self, limit: int = 1000) -> int:
        """Dead letters back to the queue (staff, after fixing the cause). Returns how many moved."""
        return redrive(self.client, self.dlq_url, self.url, limit)

    def depth(self) -> dict:
        """How many jobs wait, are being worked on, and sit in the dead-letter queue (approximate, per SQS)."""
        names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                 "ApproximateNumberOfMessagesDelayed"]
        got = self.client.get_queue_attributes(QueueUrl=self.url, AttributeNames=names)["Attributes"]
        return {"waiting": int(got.get(names[0], 0)), "in_flight": int(got.get(names[1], 0)),
                "delayed": int(got.get(names[2], 0)), "dead_letters": self.dead_letters()}

    def dead_letters(self) -> int:
        attributes = self.client.get_queue_attributes(QueueUrl=self.dlq_url,
                                                      AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
        return int(attributes.get("ApproximateNumberOfMessages", 0))


def ensure_queues(client, name: str, max_receives: int = 5) -> str:
    """Create the job queue and its dead-letter queue (local run and tests; in AWS the stack does)."""
    dlq = client.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = client.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(max_receives)})
    return client.create_queue(QueueName=name, Attributes={"RedrivePolicy": redrive,
                                                            "VisibilityTimeout": "60"})["QueueUrl"]


def redrive(client, dlq_url: str, queue_url: str, limit: int = 1000) -> int:
    """Move dead letters back to the job queue (staff re-drive after fixing the cause)."""
    moved = 0
    while moved < limit:
        page = client.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=min(10, limit - moved), WaitTimeSeconds=0)
        messages = page.get("Messages", [])
        if not messages:
            break
        for m in messages:
            client.send_message(QueueUrl=queue_url, MessageBody=m["Body"])
            client.delete_message(QueueUrl=dlq_url, ReceiptHandle=m["ReceiptHandle"])
            moved += 1
    return moved
