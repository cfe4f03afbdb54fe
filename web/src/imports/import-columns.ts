/**
 * The CSV columns the server recognises (src/customers/import/*-row.ts), for the help
 * table on the import page. Headers are literal column names, the same in every language;
 * each field's own name (name, phone …) is accepted too.
 */
export interface ImportColumn {
  field: string;
  headers: string[];
  required?: boolean;
}

export const IMPORT_COLUMNS: Record<'customers' | 'orders', ImportColumn[]> = {
  customers: [
    { field: 'name', headers: ['姓名', '客户名称', 'name'], required: true },
    { field: 'externalRef', headers: ['客户编号', 'external_ref', 'customer_id'] },
    { field: 'phone', headers: ['手机', '电话', 'phone', 'mobile'] },
    { field: 'email', headers: ['邮箱', 'email'] },
    { field: 'chat', headers: ['微信', 'wechat', 'chat_id'] },
    { field: 'company', headers: ['公司', 'company'] },
    { field: 'province', headers: ['省份', 'province'] },
    { field: 'city', headers: ['城市', 'city'] },
    { field: 'tags', headers: ['标签', 'tags'] },
    { field: 'doNotCall', headers: ['免打扰', 'do_not_call'] },
    { field: 'marketingOptIn', headers: ['营销授权', 'marketing_opt_in'] },
    { field: 'gender', headers: ['性别', 'gender'] },
    { field: 'birthday', headers: ['生日', 'birthday'] },
    { field: 'notes', headers: ['备注', 'notes'] },
    { field: 'referredBy', headers: ['推荐人编号', 'referred_by'] },
  ],
  orders: [
    { field: 'orderRef', headers: ['订单号', 'order_ref', 'order_no'], required: true },
    { field: 'customerRef', headers: ['客户编号', 'customer_ref'], required: true },
    { field: 'phone', headers: ['手机', '电话', 'phone'] },
    { field: 'product', headers: ['产品', '商品', 'product'], required: true },
    { field: 'category', headers: ['品类', 'category'] },
    { field: 'amount', headers: ['金额', 'amount'], required: true },
    { field: 'margin', headers: ['毛利', 'margin'] },
    { field: 'currency', headers: ['币种', 'currency'] },
    { field: 'orderedAt', headers: ['下单日期', 'ordered_at', 'date'], required: true },
    { field: 'status', headers: ['状态', 'status'] },
  ],
};
