import type { Rule } from '../types.js'
import { checksummed, contextual, token } from './rule-builders.js'

/** Source hosting, CI and package registries: GitHub, GitLab, npm, PyPI and peers. */
export const developerRules: Rule[] = [
  token('github-pat', 'GitHub personal access token (classic)', ['ghp_'], 'ghp_[A-Za-z0-9]{36}', {
    validate: checksummed('ghp_'),
  }),
  token('github-oauth-token', 'GitHub OAuth access token', ['gho_'], 'gho_[A-Za-z0-9]{36}', {
    validate: checksummed('gho_'),
  }),
  token('github-user-to-server-token', 'GitHub App user-to-server token', ['ghu_'], 'ghu_[A-Za-z0-9]{36}', {
    validate: checksummed('ghu_'),
  }),
  token('github-server-to-server-token', 'GitHub App installation token', ['ghs_'], 'ghs_[A-Za-z0-9]{36}', {
    validate: checksummed('ghs_'),
  }),
  token('github-refresh-token', 'GitHub App refresh token', ['ghr_'], 'ghr_[A-Za-z0-9]{36}', {
    validate: checksummed('ghr_'),
  }),
  token(
    'github-fine-grained-pat',
    'GitHub fine-grained personal access token',
    ['github_pat_'],
    'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}',
  ),
  // GitLab personal, project and group access tokens: `glpat-` + 20 characters, or (GitLab's
  // routable tokens, gitlab.com since 2025) `glpat-` + a base64url payload + `.` + a two-digit
  // version + `.` + base36 length and CRC-32: 37 to 310 characters after the prefix.
  token(
    'gitlab-pat',
    'GitLab personal access token',
    ['glpat-'],
    'glpat-(?:[A-Za-z0-9_-]{24,300}\\.[0-9]{2}\\.[a-z0-9]{7,12}|[A-Za-z0-9_-]{20}(?:\\.[A-Za-z0-9_-]{9,})?)',
  ),
  token('gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', ['glptt-'], 'glptt-[a-f0-9]{40}'),
  token(
    'gitlab-runner-registration-token',
    'GitLab runner registration token',
    ['gr1348941'],
    'GR1348941[A-Za-z0-9_-]{20}',
  ),
  token(
    'gitlab-runner-auth-token',
    'GitLab runner authentication token',
    ['glrt-'],
    'glrt-[A-Za-z0-9_-]{20}',
  ),
  token('gitlab-deploy-token', 'GitLab deploy token', ['gldt-'], 'gldt-[A-Za-z0-9_-]{20}'),
  token('gitlab-feed-token', 'GitLab feed token', ['glft-'], 'glft-[A-Za-z0-9_-]{20}'),
  token('gitlab-oauth-app-secret', 'GitLab OAuth application secret', ['gloas-'], 'gloas-[A-Za-z0-9_-]{64}'),
  token('gitlab-scim-token', 'GitLab SCIM token', ['glsoat-'], 'glsoat-[A-Za-z0-9_-]{20}'),
  token('gitlab-incoming-mail-token', 'GitLab incoming mail token', ['glimt-'], 'glimt-[A-Za-z0-9_-]{25}'),
  // GitLab "Token prefixes" (docs.gitlab.com/ee/security/tokens): CI/CD job tokens `glcbt-`
  // (since 16.9 with a partition id and `_` before the 20-character token), feature-flag client
  // tokens `glffct-`.
  token(
    'gitlab-cicd-job-token',
    'GitLab CI/CD job token',
    ['glcbt-'],
    'glcbt-[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20}',
  ),
  token(
    'gitlab-feature-flag-token',
    'GitLab feature flag client token',
    ['glffct-'],
    'glffct-[A-Za-z0-9_-]{20}',
  ),
  token('gitlab-agent-token', 'GitLab Kubernetes agent token', ['glagent-'], 'glagent-[A-Za-z0-9_-]{50}'),
  token('bitbucket-app-password', 'Bitbucket app password', ['atbb'], 'ATBB[A-Za-z0-9_=.-]{32}'),
  token('atlassian-api-token', 'Atlassian API token', ['atatt3'], 'ATATT3[A-Za-z0-9_=-]{180,200}'),
  token('npm-access-token', 'npm access token', ['npm_'], 'npm_[A-Za-z0-9]{36}', {
    validate: checksummed('npm_'),
  }),
  {
    id: 'npm-legacy-auth-token',
    title: 'npm legacy auth token in .npmrc',
    keywords: [':_authtoken='],
    pattern: /:_authToken=(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/g,
    allowStructured: true,
  },
  token(
    'pypi-upload-token',
    'PyPI upload token',
    ['pypi-ageichlwas5vcmc'],
    'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}',
  ),
  token(
    'testpypi-upload-token',
    'TestPyPI upload token',
    ['pypi-agendgvzdc5wexbplm9yz'],
    'pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}',
  ),
  token('rubygems-api-key', 'RubyGems API key', ['rubygems_'], 'rubygems_[a-f0-9]{48}'),
  // crates.io API tokens (rust-lang/crates.io, `crates_io_database` utils/token.rs): `cio` + 32
  // random alphanumerics, as written to ~/.cargo/credentials.toml and CARGO_REGISTRY_TOKEN.
  token('crates-io-api-token', 'crates.io API token', ['cio'], 'cio[A-Za-z0-9]{32}', {
    caseSensitiveKeywords: true,
    minEntropy: 3.5,
    validate: (secret) => /[0-9]/.test(secret) && /[A-Z]/.test(secret),
  }),
  token('clojars-token', 'Clojars deploy token', ['clojars_'], 'CLOJARS_[a-z0-9]{60}'),
  token('nuget-api-key', 'NuGet API key', ['oy2'], 'oy2[a-z0-9]{43}', { minEntropy: 3.5 }),
  token('dockerhub-pat', 'Docker Hub personal access token', ['dckr_pat_'], 'dckr_pat_[A-Za-z0-9_-]{27}'),
  token('dockerhub-oat', 'Docker Hub organization access token', ['dckr_oat_'], 'dckr_oat_[A-Za-z0-9_-]{32}'),
  token('jfrog-api-key', 'JFrog Artifactory API key', ['akcp'], 'AKCp[A-Za-z0-9]{69}'),
  token(
    'jfrog-reference-token',
    'JFrog Artifactory reference token',
    ['cmvmdgtu'],
    'cmVmdGtu[A-Za-z0-9]{56}',
  ),
  token('buildkite-agent-token', 'Buildkite API access token', ['bkua_'], 'bkua_[a-f0-9]{40}'),
  token('circleci-pat', 'CircleCI personal API token', ['ccipat_'], 'CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}'),
  token(
    'sourcegraph-token',
    'Sourcegraph access token',
    ['sgp_'],
    'sgp_(?:[a-f0-9]{16}_|local_)?[a-f0-9]{40}',
  ),
  token('pulumi-access-token', 'Pulumi access token', ['pul-'], 'pul-[a-f0-9]{40}'),
  token(
    'terraform-cloud-token',
    'Terraform Cloud / HCP Terraform API token',
    ['.atlasv1.'],
    '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}',
  ),
  token('vault-service-token', 'HashiCorp Vault service token', ['hvs.'], 'hvs\\.[A-Za-z0-9_-]{90,120}'),
  token('vault-batch-token', 'HashiCorp Vault batch token', ['hvb.'], 'hvb\\.[A-Za-z0-9_-]{138,300}'),
  contextual(
    'vault-legacy-token',
    'HashiCorp Vault token (legacy s. form)',
    ['vault'],
    'vault[\\w.-]{0,20}token',
    's\\.[A-Za-z0-9]{24}',
    { priority: 2 },
  ),
  token(
    'doppler-token',
    'Doppler token',
    ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9_.-]{40,44}',
  ),
  token(
    'harness-pat',
    'Harness personal access token',
    ['pat.'],
    'pat\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20}',
  ),
  token('octopus-deploy-api-key', 'Octopus Deploy API key', ['api-'], 'API-[A-Z0-9]{26}', {
    minEntropy: 3.5,
  }),
  contextual(
    'codecov-token',
    'Codecov upload token',
    ['codecov'],
    'codecov[\\w.-]{0,10}token',
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    { priority: 2, allowStructured: true },
  ),
  token('postman-api-key', 'Postman API key', ['pmak-'], 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}'),
  token('readme-api-key', 'ReadMe API key', ['rdme_'], 'rdme_[a-z0-9]{70}'),
  token('prefect-api-key', 'Prefect API key', ['pnu_'], 'pnu_[A-Za-z0-9]{36}'),
  token('infracost-api-key', 'Infracost API key', ['ico-'], 'ico-[A-Za-z0-9]{32}'),
  contextual(
    'snyk-api-token',
    'Snyk API token',
    ['snyk'],
    'snyk[\\w.-]{0,10}(?:api)?[_-]?token',
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    { priority: 2, allowStructured: true },
  ),
]
