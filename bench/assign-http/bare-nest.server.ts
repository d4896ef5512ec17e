/**
 * The reference of the /v1/assign benchmark: a bare Nest app on the HTTP adapter named by
 * `ADAPTER` (express, the default, or fastify) whose POST /v1/assign parses the JSON body and
 * returns a constant, with nothing else.
 */
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const constant = { deploymentId: 'bench', version: 'v1', variant: 'baseline', cohort: 'control', shadowVersions: [], reason: 'canary_out' };

@Controller('v1/assign')
class ConstantController {
  @Post()
  @HttpCode(200)
  assign() {
    return constant;
  }
}

@Module({ controllers: [ConstantController] })
class BareModule {}

async function main(): Promise<void> {
  const app =
    process.env.ADAPTER === 'fastify'
      ? await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('listening\n');
}

void main();
