/** Messages of the users pages added with the email reminder channel (Chinese, the key source). */
export const usersZh = {
  'user.email': '电子邮箱',
  'user.emailHelp': '用于邮件提醒，可不填',
  'user.emailInvalid': '电子邮箱格式不正确，例如 name@example.com',
} as const;
