"""Check the object store the photos go to, and make its bucket if it is missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ....vault.storage import SealedS3Storage


class Command(BaseCommand):
    help = "Say where sealed photo bytes are stored; with --create, make the S3 bucket if missing."

    def add_arguments(self, parser):
        parser.add_argument("--create", action="store_true", help="create the bucket if missing")

    def handle(self, *args, create: bool, **options):
        from django.core.files.storage import storages

        storage = storages["default"]
        if not isinstance(storage, SealedS3Storage):
            self.stdout.write(f"local disk: {storage.location}")
            return
        from botocore.exceptions import BotoCoreError, ClientError

        client = storage.connection.meta.client
        name = storage.bucket_name
        try:
            client.head_bucket(Bucket=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
                raise CommandError(f"bucket {name}: {error}") from error
            if not create:
                raise CommandError(f"bucket {name} does not exist (use --create)") from error
            client.create_bucket(Bucket=name)
            self.stdout.write(f"created bucket {name}")
        except BotoCoreError as error:
            raise CommandError(f"object store at {storage.endpoint_url}: {error}") from error
        self.stdout.write(f"S3 bucket {name} at {storage.endpoint_url or 'AWS'}: reachable")
