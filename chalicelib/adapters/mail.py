"""Mail transports behind one port: SES v2 (raw MIME) in AWS, SMTP in the local run."""
import smtplib


class SesMailer:
    def __init__(self, client, configuration_set: str | None = None):
        self.client, self.configuration_set = client, configuration_set

    def send(self, raw: bytes, sender: str, recipients: list) -> str:
        extra = {"ConfigurationSetName": self.configuration_set} if self.configuration_set else {}
        response = self.client.send_email(FromEmailAddress=sender, Destination={"ToAddresses": recipients},
                                          Content={"Raw": {"Data": raw}}, **extra)
        return response["MessageId"]


class SmtpMailer:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port

    def send(self, raw: bytes, sender: str, recipients: list) -> str:
        from email import message_from_bytes
        # smtplib sends bytes as given: lines must end in CRLF or the server sees one endless line
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            smtp.sendmail(sender, recipients, raw)
        return message_from_bytes(raw)["Message-ID"]
