/**
 * @module The shape of the Service Authorization Reference data vpce keeps per service (`ec2-authorization.json`,
 * `elbv2-authorization.json`): the resource types each served operation is authorized on.
 */

/** One resource type an action is authorized on. */
export interface AuthorizationResourceType {
  /** The reference's type name: `vpc`, `subnet`, `route-table`, ... */
  readonly name: string;
  readonly required: boolean;
  /** The resource the action makes (its condition keys include `aws:RequestTag/${TagKey}`): authorized as `<type>/*`. */
  readonly created: boolean;
  /** Condition keys the reference lists for this type in this action (`aws:ResourceTag/${TagKey}`, `ec2:Vpc`, ...). */
  readonly conditionKeys: readonly string[];
}

export interface AuthorizationOperation {
  /** Keys of the action itself (`ec2:Region`, `ec2:CreateAction`). */
  readonly conditionKeys: readonly string[];
  /** Empty for actions that support no resource-level permissions (every Describe but a few): authorized on `*`. */
  readonly resourceTypes: readonly AuthorizationResourceType[];
}
