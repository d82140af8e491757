"""Sending mail: ``[mail]`` in the configuration, SMTP (STARTTLS or TLS) or the local sendmail.

Only reminders send mail today. The password is a secret: give it as ``{ env = "NAME" }``.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
import subprocess
from typing import Any

from stadstafel.config import SchemaKey, validate_section
from stadstafel.errors import ConfigError

__all__ = ["MAIL_SCHEMA", "MailSettings", "mail_settings", "send"]

MAIL_SCHEMA = {
    "from": SchemaKey(str, None, 'Sender address, e.g. "Stadstafel <tafels@leiden.example>".'),
    "method": SchemaKey(
        str, "smtp", "How mail leaves: smtp or sendmail.", choices=["smtp", "sendmail"]
    ),
    "host": SchemaKey(str, "localhost", "SMTP server."),
    "port": SchemaKey(int, 587, "SMTP port (587 with starttls, 465 with tls)."),
    "security": SchemaKey(
        str,
        "starttls",
        "starttls, tls, or none (none only for a server on this machine).",
        choices=["starttls", "tls", "none"],
    ),
    "username": SchemaKey(str, None, "SMTP user name, if the server asks for one."),
    "password": SchemaKey(str, None, 'SMTP password: use { env = "NAME" }.', secret=True),
    "sendmail": SchemaKey(str, "/usr/sbin/sendmail", "The sendmail program (method sendmail)."),
    "domain": SchemaKey(str, None, "Domain of Message-IDs (default: the sender's domain)."),
}


class MailSettings:
    def __init__(self, values: dict):
        self.sender: str = values["from"]
        self.method: str = values["method"]
        self.host: str = values["host"]
        self.port: int = values["port"]
        self.security: str = values["security"]
        self.username: str | None = values["username"]
        self.password: str | None = values["password"]
        self.sendmail: str = values["sendmail"]
        address = self.sender.rsplit("<", 1)[-1].rstrip(">").strip()
        self.domain: str = values["domain"] or address.rpartition("@")[2] or "localhost"


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def mail_settings(config: Any) -> MailSettings:
    """``[mail]``, validated; a missing or bad section is a ConfigError (exit 2)."""
    file = str(config.source or "(standaardinstellingen)")
    raw = (getattr(config, "raw", None) or {}).get("mail")
    if raw is None:
        raise ConfigError(file, "mail", "a [mail] section to send reminders", "none")
    values = validate_section(raw, MAIL_SCHEMA, file=file, prefix="mail", secrets=set())
    if not values["from"] or "@" not in values["from"]:
        raise ConfigError(file, "mail.from", "a sender address", repr(values["from"]))
    if (
        values["method"] == "smtp"
        and values["security"] == "none"
        and not _is_local(values["host"])
    ):
        raise ConfigError(
            file, "mail.security", "starttls or tls for a server on another machine", "none"
        )
    return MailSettings(values)


def send(settings: MailSettings, message: Any) -> None:
    """Send one ``EmailMessage``; an OSError or smtplib error goes to the caller."""
    if settings.method == "sendmail":
        subprocess.run(
            [settings.sendmail, "-t", "-oi"],
            input=message.as_bytes(),
            check=True,
            timeout=60,
        )
        return
    context = ssl.create_default_context()
    if settings.security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=30, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=30)
    with smtp:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)
