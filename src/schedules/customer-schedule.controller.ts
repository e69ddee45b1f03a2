import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/auth.decorators';
import type { Principal } from '../common/auth/principal';
import { ALL_ROLES } from '../common/auth/role.enum';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { CustomersService } from '../customers/customers.service';
import type { CustomerInfo } from '../customers/dto/customer.dto';
import { InheritedSchedule, ScheduleTestResult, TestSchedule } from './dto/schedule-test.dto';
import type { ScheduleSubject } from './customer-schedules';
import { ScheduleResolver, testResult } from './schedule-resolver';

/** A customer's schedule is its own, its nearest scheduled ancestor's, or the account default. */
const subjectOf = (customer: CustomerInfo, schedule = customer.schedule): ScheduleSubject => ({
  schedule,
  customerIds: customer.breadcrumb.slice(0, -1).map((c) => c.id),
});

@ApiTags('Customers')
@Controller('customers/:customerId')
export class CustomerScheduleController {
  constructor(
    private readonly customers: CustomersService,
    private readonly schedules: ScheduleResolver,
  ) {}

  @Get('inherited-schedule')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'GetCustomerInheritedSchedule',
    summary: 'Gets the schedule that governs a customer, and where it comes from',
    description:
      'The customer’s own schedule unless it has none or inherits; then its nearest ancestor’s that is set and ' +
      'does not inherit; else the account default (always Open, in UTC).',
  })
  @ApiOkResponse({ type: InheritedSchedule })
  @ApiErrors(404)
  async inherited(
    @CurrentUser() actor: Principal,
    @Param('customerId') customerId: string,
  ): Promise<InheritedSchedule> {
    const customer = await this.customers.get(actor, customerId);
    return this.schedules.inherited(customer.accountId, subjectOf(customer));
  }

  @Post('test-schedule')
  @HttpCode(200)
  @Roles(...ALL_ROLES)
  @ApiOperation({
    operationId: 'TestCustomerSchedule',
    summary: 'Evaluates a customer’s schedule at an instant',
    description:
      'The state the customer is in at `dateTime` (default now, or the account’s test clock while it is on), by ' +
      'its effective schedule or the unsaved `schedule` given, and the rule that decided it. Changes nothing.',
  })
  @ApiOkResponse({ type: ScheduleTestResult })
  @ApiErrors(400, 404)
  async test(
    @CurrentUser() actor: Principal,
    @Param('customerId') customerId: string,
    @Body() dto: TestSchedule,
  ): Promise<ScheduleTestResult> {
    const customer = await this.customers.get(actor, customerId);
    const subject = subjectOf(customer, dto.schedule ?? customer.schedule);
    return testResult(await this.schedules.evaluate(customer.accountId, subject, dto.dateTime));
  }
}
