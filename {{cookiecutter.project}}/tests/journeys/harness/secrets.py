"""The `awskms://` secrets provider as the Pulumi CLI keeps it in a stack file (pulumi/pulumi `pkg/secrets/cloud`):
`encryptedkey` is a fresh random 32-byte data key encrypted with KMS Encrypt under the provider's key
(`manager.go` generateNewDataKey, through gocloud.dev's awskms keeper), stored base64 in the stack file
(NewCloudSecretsManager); each `secure:` value is `v1:<nonce>:<ciphertext>`, AES-256-GCM under that data key
(`sdk/go/common/resource/config/crypt.go` symmetricCrypter). A stack file with `secretsprovider:` but no
`encryptedkey:` gets a new key on first use, written back into the file (NewCloudSecretsManager: "if there is no
key ... generate the new key"). Every KMS call is authorised against the key policy and the caller's role.
"""

import base64
import os
from urllib.parse import parse_qs, urlparse

import boto3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .moto_admin import admin_client, endpoint_url
from .state_backend import Caller, authorize_kms, key_policy


class KmsSecrets:
    def __init__(self, provider: str, caller: Caller) -> None:
        parsed = urlparse(provider)
        if parsed.scheme != "awskms":
            raise ValueError(f"the Pulumi stand-in knows only awskms:// secrets providers, not {provider!r}")
        # gocloud.dev awskms URLOpener: the URL's host + path is the key id (here alias/<name>, resolved in the
        # caller's account) and `?region=` overrides the session's region, so the KMS calls go to that region.
        self.alias = parsed.netloc + parsed.path
        self.region = parse_qs(parsed.query).get("region", [caller.region])[0]
        self.caller = caller
        self.kms = boto3.client("kms", endpoint_url=endpoint_url(), region_name=self.region)
        self._identity = caller.identity_policy()

    def _authorize(self, action: str) -> None:
        admin = admin_client(self.caller.account, "kms", self.region)
        key_arn = admin.describe_key(KeyId=self.alias)["KeyMetadata"]["Arn"]
        authorize_kms(self.caller, self._identity, action, key_arn, self.caller.account,
                      key_policy(key_arn, self.region))  # fmt: skip

    def new_data_key(self) -> tuple[bytes, str]:
        """manager.go generateNewDataKey: 32 random bytes, encrypted by the keeper (awskms: KMS Encrypt, so the
        caller needs kms:Encrypt, not kms:GenerateDataKey); the stack file keeps it base64 (StdEncoding)."""
        self._authorize("kms:Encrypt")
        key = os.urandom(32)
        sealed = self.kms.encrypt(KeyId=self.alias, Plaintext=key)["CiphertextBlob"]
        return key, base64.b64encode(sealed).decode()

    def data_key(self, encrypted_key: str) -> bytes:
        """manager.go newCloudSecretsManager: the keeper decrypts `encryptedkey` (awskms: KMS Decrypt)."""
        self._authorize("kms:Decrypt")
        return self.kms.decrypt(CiphertextBlob=base64.b64decode(encrypted_key))["Plaintext"]


def encrypt(key: bytes, plaintext: str) -> str:
    """crypt.go symmetricCrypter.EncryptValue: a 12-byte random nonce, AES-256-GCM, `v1:<nonce>:<sealed>`."""
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), None)
    return f"v1:{base64.b64encode(nonce).decode()}:{base64.b64encode(sealed).decode()}"


def decrypt(key: bytes, ciphertext: str) -> str:
    """crypt.go symmetricCrypter.DecryptValue: refuses a version other than `v1`."""
    version, nonce, sealed = ciphertext.split(":")
    if version != "v1":
        raise ValueError(f"unknown secret format {version!r}")
    return AESGCM(key).decrypt(base64.b64decode(nonce), base64.b64decode(sealed), None).decode()
