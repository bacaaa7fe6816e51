"""GitHub's OIDC identity provider: one per account (IAM allows one provider per URL), shared by every repository."""

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from bootstrap.trust import GITHUB_OIDC_URL, STS_AUDIENCE


@dataclass(frozen=True)
class GithubOidcArgs:
    existing_provider_arn: str | None = None  # an account that already trusts GitHub keeps its provider


class GithubOidc(pulumi.ComponentResource):
    """Exposes `provider_arn`, the Federated principal of every repository role's trust policy."""

    def __init__(self, name: str, args: GithubOidcArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("bootstrap:github:GithubOidc", name, None, opts)
        if args.existing_provider_arn is not None:
            self.provider_arn: pulumi.Output[str] = pulumi.Output.from_input(args.existing_provider_arn)
        else:
            provider = aws.iam.OpenIdConnectProvider(
                name,
                url=GITHUB_OIDC_URL,
                client_id_lists=[STS_AUDIENCE],
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.provider_arn = provider.arn
        self.register_outputs({"provider_arn": self.provider_arn})
