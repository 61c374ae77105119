import { readFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'

import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { execa, type ResultPromise } from 'execa'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { fetchStackTemplate, loadStackTemplate, stackFileName } from '../../src/aws/cloudformation.js'
import { UserError } from '../../src/errors.js'
import { isolatedEnvironment, restoreEnvironment } from '../helpers/aws-environment.js'

const SAM_TEMPLATE = readFileSync('test/fixtures/stacks/orders-sam.yaml', 'utf8')
const JSON_TEMPLATE = readFileSync('test/fixtures/stacks/notifications.json', 'utf8')

/** The real moto server (design §7): its tests skip without it, except in CI, where a missing one fails. */
const motoAvailable = (await execa('python3', ['-c', 'import moto.server'], { reject: false, stdin: 'ignore' })).exitCode === 0
if (!motoAvailable) {
  const message = 'moto server not found: the CloudFormation API tests are skipped (install it with pip install "moto[server]")'
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this fails`)
  console.warn(message)
}

afterEach(restoreEnvironment)

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function expectUserError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).exitCode).toBe(2)
  return error as UserError
}

describe.skipIf(!motoAvailable)('against moto server', () => {
  let moto: ResultPromise | undefined
  let endpoint = ''
  let samStackId = ''

  beforeAll(async () => {
    const port = await freePort()
    endpoint = `http://127.0.0.1:${port}`
    moto = execa('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { reject: false, stdin: 'ignore', buffer: true })
    const started = performance.now()
    let exited = false
    void moto.then(() => {
      exited = true
    })
    for (;;) {
      if (exited) throw new Error(`moto server exited before answering: ${(await moto).stderr}`)
      const answered = await fetch(`${endpoint}/moto-api/`).then(
        (response) => response.ok,
        () => false,
      )
      if (answered) break
      if (performance.now() - started > 30_000) throw new Error('moto server did not answer within 30 s')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    console.info(`moto server answered after ${Math.round(performance.now() - started)} ms`)

    isolatedEnvironment({ AWS_ENDPOINT_URL: endpoint })
    const client = new CloudFormationClient({ region: 'us-east-1' })
    // moto keeps a SAM template as given: it runs no transform (it logs "No Moto CloudFormation support
    // for AWS::Serverless::Function") and completes the stack, which is all GetTemplate needs.
    samStackId = (await client.send(new CreateStackCommand({ StackName: 'orders-sam', TemplateBody: SAM_TEMPLATE }))).StackId!
    await client.send(new CreateStackCommand({ StackName: 'notifications', TemplateBody: JSON_TEMPLATE }))
    client.destroy()
  })

  afterAll(async () => {
    if (moto?.pid !== undefined) {
      moto.kill('SIGTERM')
      await moto
    }
  })

  beforeEach(() => isolatedEnvironment({ AWS_ENDPOINT_URL: endpoint }))

  it('fetches the template as it was written, named after the stack', async () => {
    expect(await fetchStackTemplate('orders-sam', { region: 'us-east-1' })).toEqual({ file: 'orders-sam.stack.yaml', text: SAM_TEMPLATE, region: 'us-east-1' })
  })

  it('loads it as a SAM template: user logical ids, Globals applied, lines of the original', async () => {
    const template = await loadStackTemplate('orders-sam', { region: 'us-east-1', parameters: { Stage: 'prod' } })
    expect(template.file).toBe('orders-sam.stack.yaml')
    expect(template.flavor).toBe('sam')
    const function_ = template.resources.get('ProcessOrders')!
    expect(function_.type).toBe('AWS::Serverless::Function')
    expect(function_.location).toEqual({ file: 'orders-sam.stack.yaml', line: 22, column: 3 })
    expect(function_.properties.Timeout).toBe(20)
    expect(template.resources.get('OrdersQueue')?.properties.QueueName).toBe('orders-prod')
  })

  it('names a JSON stack .json and reads it as JSON', async () => {
    const template = await loadStackTemplate('notifications', { region: 'us-east-1' })
    expect(template.file).toBe('notifications.stack.json')
    expect(template.document.format).toBe('json')
    expect([...template.resources.keys()]).toEqual(['OrderEvents', 'AuditQueue'])
    expect(template.resources.get('AuditQueue')?.location).toEqual({ file: 'notifications.stack.json', line: 8, column: 5 })
    expect((await fetchStackTemplate('notifications', { region: 'us-east-1' })).text).toBe(JSON_TEMPLATE)
  })

  it('takes the stack id (ARN) too, and names the file after the stack', async () => {
    expect(samStackId).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\/orders-sam\//)
    expect((await fetchStackTemplate(samStackId, {})).file).toBe('orders-sam.stack.yaml')
  })

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION (which the SDK itself ignores)', async () => {
    process.env.AWS_DEFAULT_REGION = 'us-east-1'
    expect((await fetchStackTemplate('orders-sam', {})).region).toBe('us-east-1')
    process.env.AWS_REGION = 'eu-west-1'
    const error = await expectUserError(fetchStackTemplate('orders-sam', {}))
    expect(error.message).toBe('stack orders-sam not found in region eu-west-1')
  })

  it('uses AWS_ENDPOINT_URL_CLOUDFORMATION over AWS_ENDPOINT_URL (the SDK reads both)', async () => {
    isolatedEnvironment({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint })
    expect((await fetchStackTemplate('orders-sam', { region: 'us-east-1' })).text).toBe(SAM_TEMPLATE)
  })

  it('a stack that does not exist is a user error (exit 2) naming the stack and region', async () => {
    const error = await expectUserError(fetchStackTemplate('no-such-stack', { region: 'us-east-1' }))
    expect(error.format()).toBe('stack no-such-stack not found in region us-east-1 — check the stack name and the region (--region, AWS_REGION)')
    // Stacks are regional: one that exists elsewhere is not found here.
    await expect(loadStackTemplate('orders-sam', { region: 'ap-southeast-2' })).rejects.toThrow('stack orders-sam not found in region ap-southeast-2')
  })
})

describe('reading a stack without reaching it', () => {
  it('an endpoint that does not answer is a user error with the SDK\'s reason', async () => {
    isolatedEnvironment({ AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` })
    const error = await expectUserError(fetchStackTemplate('orders', { region: 'us-east-1' }))
    expect(error.message).toMatch(/^cannot reach CloudFormation at http:\/\/127\.0\.0\.1:\d+ in region us-east-1: .*ECONNREFUSED/)
    expect(error.hint).toContain('AWS_ENDPOINT_URL')
  })

  it('no credentials is a user error saying how to configure them', async () => {
    isolatedEnvironment({ AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` })
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    delete process.env.AWS_SESSION_TOKEN
    const error = await expectUserError(fetchStackTemplate('orders', { region: 'us-east-1' }))
    expect(error.message).toMatch(/^cannot read stack orders: .*credentials/i)
    expect(error.hint).toContain('AWS_PROFILE')
  })

  it('falls back to the Processed stage only when Original comes back empty', async () => {
    // A stand-in speaking CloudFormation's query protocol (form-encoded request, XML answer), since
    // moto returns the same text for every stage and AWS always has Original for a stack.
    const stages: string[] = []
    const server = createHttpServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        const stage = new URLSearchParams(body).get('TemplateStage') ?? ''
        stages.push(stage)
        const template = stage === 'Processed' ? '<TemplateBody>Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n</TemplateBody>' : ''
        response.writeHead(200, { 'content-type': 'text/xml' })
        response.end(`<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult>${template}</GetTemplateResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetTemplateResponse>`)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const address = server.address()
      isolatedEnvironment({ AWS_ENDPOINT_URL: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
      expect(await fetchStackTemplate('orders', { region: 'us-east-1' })).toEqual({ file: 'orders.stack.yaml', text: 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n', region: 'us-east-1' })
      expect(stages).toEqual(['Original', 'Processed'])
    } finally {
      server.close()
    }
  })

  it('a name CloudFormation would refuse is refused before any request', async () => {
    const error = await expectUserError(fetchStackTemplate('../etc/passwd', {}))
    expect(error.message).toBe('"../etc/passwd" is not a stack name')
  })

  it('names the file after the stack and the text\'s format', () => {
    expect(stackFileName('orders', 'Resources: {}\n')).toBe('orders.stack.yaml')
    expect(stackFileName('orders', '{"Resources": {}}')).toBe('orders.stack.json')
    // YAML flow style that is not JSON stays YAML.
    expect(stackFileName('orders', '{Resources: {Queue: {Type: AWS::SQS::Queue}}}')).toBe('orders.stack.yaml')
  })
})
